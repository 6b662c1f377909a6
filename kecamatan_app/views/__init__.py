"""Qt views: windows, pages, dialogs and item models. They call services only."""
