"""Screenshots of a report for the README (facts table, links and timeline, a text): `python docs/report_screenshot.py outputs/report.html docs/`
(headless Chromium from the system's packages, through its chromedriver)."""

import shutil
import sys
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import Select


def main(page: Path, folder: Path) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,860", "--hide-scrollbars"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    try:
        driver.get(page.resolve().as_uri())
        form = driver.find_element("css selector", "form[data-table=facts-table]")
        Select(form.find_element("name", "type")).select_by_value("PERCENTAGE")
        driver.execute_script("document.getElementById('facts').scrollIntoView()")
        driver.save_screenshot(str(folder / "report-table.png"))
        driver.execute_script("document.getElementById('links').scrollIntoView()")
        driver.save_screenshot(str(folder / "report-links.png"))
        link = driver.find_element("css selector", "#facts-table").find_element("link text", "90,9%")
        driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
        link.click()
        time.sleep(2)  # the highlight's flash has faded
        driver.save_screenshot(str(folder / "report-text.png"))
    finally:
        driver.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
