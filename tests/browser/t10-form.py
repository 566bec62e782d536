#!/usr/bin/python3
"""t10-form.py - headless Chromium against a real Apache: open /, pick two users, type a text,
submit, read the answer; follow "compare with everyone" to /rank and rank the text, then rank
another among chosen candidates; no console errors on any page; screenshots under tests/out/."""
import os
import shutil
import signal
import subprocess
import sys
import tempfile

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("BIN", os.path.join(ROOT, "bin"))
OUT = os.path.join(ROOT, "tests", "out")
passed = failed = 0


def check(name, cond, detail=""):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print(f"FAIL - t10-form: {name} {detail}", file=sys.stderr)


def sh(script, env):
    """Run bash with the web helpers loaded; returns stdout."""
    prelude = (f'ROOT={ROOT}; BIN={BIN}; TWITOFF=$BIN/twitoff; T=$(mktemp -d); '
               f'. {ROOT}/tests/web_lib.sh; . {ROOT}/scripts/httpd.sh; ')
    return subprocess.run(["bash", "-c", prelude + script], env=env, check=True, timeout=120,
                          capture_output=True, text=True).stdout


def browser(profile):
    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--window-size=1000,900", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    d.set_page_load_timeout(30)
    return d


def console_errors(d):
    return [e for e in d.get_log("browser") if e.get("level") == "SEVERE"]


def answer_text(d):
    """The answer sentence of the results page, once it has loaded."""
    return WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "answer"))).text


def ranking(d):
    """The ranked accounts of a /rank results page: [(name, percent), ...], best first."""
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "ranking")))
    rows = []
    for li in d.find_elements(By.CSS_SELECTOR, "#ranking li"):
        rows.append((li.find_element(By.CLASS_NAME, "who").text.lstrip("@"),
                     float(li.find_element(By.TAG_NAME, "strong").text.rstrip("%"))))
    return rows


def rank(d, url):
    """From the results page: "compare with everyone", the text prefilled, ranked; then candidates."""
    d.find_element(By.LINK_TEXT, "Compare with everyone").click()
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "tweet_text")))
    check("rank title", d.find_element(By.TAG_NAME, "h1").text == "Who among all these accounts wrote it?",
          d.find_element(By.TAG_NAME, "h1").text)
    check("rank text prefilled", d.find_element(By.ID, "tweet_text").get_attribute("value")
          == "pandas dataframes and python data analysis")
    d.find_element(By.CSS_SELECTOR, "form.compare button[type=submit]").click()
    rows = ranking(d)
    check("rank: every account", len(rows) == 3, str(rows))
    check("rank: wesmckinn first", rows and rows[0][0] == "wesmckinn", str(rows))
    check("rank: best first, percentages summing to 100",
          [p for _, p in rows] == sorted([p for _, p in rows], reverse=True) and abs(sum(p for _, p in rows) - 100) < 0.5,
          str(rows))
    check("rank: the answer names the first", "is '@wesmckinn'" in d.find_element(By.ID, "answer").text)
    errs = console_errors(d)
    check("rank page clean console", not errs, str(errs))
    os.makedirs(OUT, exist_ok=True)
    d.save_screenshot(os.path.join(OUT, "rank.png"))
    box = d.find_element(By.ID, "tweet_text")
    box.clear()
    box.send_keys("KKW beauty lipstick launch")
    among = Select(d.find_element(By.ID, "candidates"))
    among.deselect_all()
    among.select_by_value("fchollet")
    among.select_by_value("KimKardashian")
    d.find_element(By.CSS_SELECTOR, "form.compare button[type=submit]").click()
    rows = ranking(d)
    check("rank among two: only them", sorted(n for n, _ in rows) == ["KimKardashian", "fchollet"], str(rows))
    check("rank among two: Kim first", rows and rows[0][0] == "KimKardashian", str(rows))


def run(d, url):
    d.get(url + "/")
    a, b = Select(d.find_element(By.ID, "screen_name_a")), Select(d.find_element(By.ID, "screen_name_b"))
    check("defaults differ", a.first_selected_option.text != b.first_selected_option.text)
    check("users listed", len(a.options) == 3, str(len(a.options)))
    check("placeholder", d.find_element(By.ID, "tweet_text").get_attribute("placeholder")
          == "Tesla Model S production facility is great")
    errs = console_errors(d)
    check("form page clean console", not errs, str(errs))
    a.select_by_value("wesmckinn")
    b.select_by_value("KimKardashian")
    box = d.find_element(By.ID, "tweet_text")
    box.send_keys("pandas dataframes and python data analysis")
    d.find_element(By.CSS_SELECTOR, "form.compare button[type=submit]").click()
    answer = answer_text(d)
    check("answer sentence", answer == "Between '@wesmckinn' and '@KimKardashian', the user who is most "
          "likely to say 'pandas dataframes and python data analysis' is '@wesmckinn'", answer)
    check("choice remembered", Select(d.find_element(By.ID, "screen_name_a")).first_selected_option.text
          == "wesmckinn")
    errs = console_errors(d)
    check("results page clean console", not errs, str(errs))
    css = d.execute_script("return getComputedStyle(document.querySelector('header')).display")
    check("stylesheet applied", css == "flex", css)
    os.makedirs(OUT, exist_ok=True)
    d.save_screenshot(os.path.join(OUT, "results.png"))
    rank(d, url)
    # keyboard: tab to the text box and submit with the keyboard only
    d.get(url + "/")
    body = d.find_element(By.TAG_NAME, "body")
    for _ in range(12):
        body = d.switch_to.active_element
        if body.get_attribute("id") == "tweet_text":
            break
        body.send_keys(Keys.TAB)
    check("text box reachable by keyboard", d.switch_to.active_element.get_attribute("id") == "tweet_text")
    d.switch_to.active_element.send_keys("KKW beauty lipstick")
    d.switch_to.active_element.send_keys(Keys.TAB)
    d.switch_to.active_element.send_keys(Keys.ENTER)
    check("keyboard submit", "most likely to say" in answer_text(d))
    for page in ("/rank", "/users", "/users/fchollet", "/iris", "/admin", "/nowhere"):
        d.get(url + page)
        check(f"{page} renders", d.find_element(By.TAG_NAME, "h1").text != "")
        errs = [e for e in console_errors(d) if page != "/nowhere" or "404" not in e["message"]]
        check(f"{page} clean console", not errs, str(errs))


def main():
    signal.alarm(240)
    tmp = tempfile.mkdtemp(prefix="twitoff-browser.")
    os.chmod(tmp, 0o755)
    env = dict(os.environ, TWITOFF_HOME=os.path.join(tmp, "home"))
    os.makedirs(env["TWITOFF_HOME"])
    port = sh("free_port", env).strip()
    url = f"http://127.0.0.1:{port}"
    d = None
    try:
        sh(f'web_data && httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" {port} cgi', env)
        d = browser(os.path.join(tmp, "profile"))
        run(d, url)
    except Exception as e:  # a browser failure is a test failure, reported with its reason
        check("browser session", False, f"{type(e).__name__}: {str(e)[:300]}")
    finally:
        if d:
            d.quit()
        subprocess.run(["bash", "-c", f". {ROOT}/scripts/httpd.sh; httpd_stop \"$TWITOFF_HOME\""],
                       env=env, timeout=60)
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"t10-form: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
