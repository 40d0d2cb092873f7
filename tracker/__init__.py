"""Hidden job market tracker: the domain library behind the hjm CLI and the dashboard."""
