"""The domain: rules, workflows, queries, permission checks and audit. No Qt here."""
