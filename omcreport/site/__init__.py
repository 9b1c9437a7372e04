"""The public status site: the public projection of the content and the static site
written from it (FORMAT.md "Public and internal", "What a customer's page shows")."""

from omcreport.site.links import write_links_csv
from omcreport.site.writer import write_site

__all__ = ["write_links_csv", "write_site"]
