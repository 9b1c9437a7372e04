"""The public status site: the public projection of the content and the static site
written from it (FORMAT.md "Public and internal", "What a customer's page shows")."""

from omcreport.site.links import write_links_csv
from omcreport.site.writer import planned_files, write_site

__all__ = ["planned_files", "write_links_csv", "write_site"]
