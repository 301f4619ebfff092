"""scrapekit: web article scraper and extractor.

    import scrapekit
    art = scrapekit.extract(html, url="https://...")
    art = scrapekit.scrape("https://...")
    for art in scrapekit.scrape_many(urls, settings=scrapekit.Settings(per_host=2)):
        print(art.to_dict())
"""

from .errors import ScrapekitError
from .extractors import extract
from .pipeline import aextract_files, ascrape_many, extract_files, scrape, scrape_many
from .record import Article, Author, ErrorInfo, ExtractionInfo, FetchInfo, Image, Link, json_schema
from .settings import Settings

__version__ = "0.1.0"

__all__ = [
    "Article", "Author", "ErrorInfo", "ExtractionInfo", "FetchInfo", "Image", "Link",
    "ScrapekitError", "Settings", "__version__", "aextract_files", "ascrape_many", "extract",
    "extract_files", "json_schema", "scrape", "scrape_many",
]
