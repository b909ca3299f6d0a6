"""The five charter indicators (dated snapshots), the monthly rollups, the dashboards, their exports and the funders'
report — docs/architecture.md §2."""
