"""Staff mode on screen: the hidden gesture, the staff PIN pad and the dashboard."""
