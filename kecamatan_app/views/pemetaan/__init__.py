"""Pemetaan Sosial: wilayah, rekap, registri per nama, PSKS."""
