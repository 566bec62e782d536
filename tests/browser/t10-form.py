#!/usr/bin/python3
"""t10-form.py - headless Chromium against a real Apache: open /, pick two users, type a text,
submit, read the answer and the shaded text; follow "compare with everyone" to /rank and rank the
text, then rank another among chosen candidates; no console errors and no axe-core accessibility
violation on any page (the form, the results, /rank, /users, a user's pages, /iris, /admin, error
pages); screenshots under tests/out/.
Then /admin: sign in once with the key, queue two jobs without entering it again, sign out."""
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

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from axe import axe_report, axe_violations  # noqa: E402

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


def accessible(d, page):
    """No axe-core violation on the page d shows (each one printed)."""
    check(f"{page} axe-core", *axe_report(page, axe_violations(d)))


def csp_holds(d):
    """The page's Content-Security-Policy blocks an inline script, while WebDriver's injected
    scripts (axe-core) still run."""
    d.execute_script("window.__inline = 0; const s = document.createElement('script');"
                     "s.textContent = 'window.__inline = 1'; document.body.appendChild(s);")
    check("CSP blocks inline scripts", d.execute_script("return window.__inline") == 0)
    errs = console_errors(d)   # the blocked script is reported: drained here, not elsewhere
    check("CSP violation reported", any("Content Security Policy" in e["message"] for e in errs), str(errs))


SHADED = "Keras  deep-learning models, and KKW beauty!  caf\u00e9 #AI"


def shading(d, url):
    """The results page shades the posted text: every span of it, nothing more, and some marked."""
    d.get(url + "/")
    Select(d.find_element(By.ID, "screen_name_a")).select_by_value("fchollet")
    Select(d.find_element(By.ID, "screen_name_b")).select_by_value("KimKardashian")
    d.find_element(By.ID, "tweet_text").send_keys(SHADED)
    d.find_element(By.CSS_SELECTOR, "form.compare button[type=submit]").click()
    answer_text(d)
    spans = d.find_elements(By.CSS_SELECTOR, "#shaded > span")
    joined = "".join(s.get_attribute("textContent") for s in spans)
    check("shaded spans give the text back", joined == SHADED, repr(joined))
    marked = [s for s in spans if "sp-" in (s.get_attribute("class") or "")]
    sides = {s.get_attribute("class").split("sp-")[1][0] for s in marked}
    check("shaded both ways", sides == {"a", "b"}, str(sides))
    titles = [s.get_attribute("title") for s in marked]
    check("marked spans titled", titles and all(t.startswith(("towards @fchollet, push ",
          "towards @KimKardashian, push ")) for t in titles), str(titles[:3]))
    looks = d.execute_script(
        "return Array.from(document.querySelectorAll('#shaded [class*=sp-]')).map(e => {"
        "const s = getComputedStyle(e); return [e.className.split('sp-')[1][0], s.borderBottomStyle,"
        " s.backgroundColor]; })")
    check("sides apart without colour", looks and all(st == ("solid" if side == "a" else "dashed")
                                                      for side, st, _ in looks), str(looks))
    check("shading coloured", all(bg != "rgba(0, 0, 0, 0)" for _, _, bg in looks), str(looks))
    words = [w.text for w in d.find_elements(By.CSS_SELECTOR, "table.words q")]
    check("top words are whole words", words and all(w in [x.strip("!,.") for x in SHADED.split()]
                                                      for w in words), str(words))
    accessible(d, "results (shaded)")
    d.save_screenshot(os.path.join(OUT, "shaded.png"))


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
    results = d.find_element(By.TAG_NAME, "html")
    d.find_element(By.LINK_TEXT, "Compare with everyone").click()
    # The results page has a #tweet_text of its own (the form again): wait for the new page first.
    WebDriverWait(d, 30).until(EC.staleness_of(results))
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "tweet_text")))
    check("rank title", d.find_element(By.TAG_NAME, "h1").text == "Who among all these accounts wrote it?",
          d.find_element(By.TAG_NAME, "h1").text)
    check("rank text prefilled", d.find_element(By.ID, "tweet_text").get_attribute("value")
          == "pandas dataframes and python data analysis")
    d.find_element(By.CSS_SELECTOR, "form.compare button[type=submit]").click()
    rows = ranking(d)
    accessible(d, "/rank results")
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
    first = d.find_element(By.ID, "ranking")
    d.find_element(By.CSS_SELECTOR, "form.compare button[type=submit]").click()
    WebDriverWait(d, 30).until(EC.staleness_of(first))   # the new page, not the last one's ranking
    rows = ranking(d)
    check("rank among two: only them", sorted(n for n, _ in rows) == ["KimKardashian", "fchollet"], str(rows))
    check("rank among two: Kim first", rows and rows[0][0] == "KimKardashian", str(rows))
    accessible(d, "/rank among two")


def run(d, url, key):
    d.get(url + "/")
    a, b = Select(d.find_element(By.ID, "screen_name_a")), Select(d.find_element(By.ID, "screen_name_b"))
    check("defaults differ", a.first_selected_option.text != b.first_selected_option.text)
    check("users listed", len(a.options) == 3, str(len(a.options)))
    check("placeholder", d.find_element(By.ID, "tweet_text").get_attribute("placeholder")
          == "Tesla Model S production facility is great")
    errs = console_errors(d)
    check("form page clean console", not errs, str(errs))
    accessible(d, "form")
    csp_holds(d)
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
    accessible(d, "results")
    os.makedirs(OUT, exist_ok=True)
    d.save_screenshot(os.path.join(OUT, "results.png"))
    rank(d, url)
    shading(d, url)
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
    errors = ("/nowhere", "/users/nobody", "/predict", "/users/fchollet?page=0x10")
    for page in ("/rank", "/users", "/users/fchollet", "/users/fchollet?page=2", "/iris", "/admin") + errors:
        d.get(url + page)
        check(f"{page} renders", d.find_element(By.TAG_NAME, "h1").text != "")
        errs = [e for e in console_errors(d) if page not in errors or
                not any(f" {c} " in e["message"] for c in ("400", "404", "405"))]
        check(f"{page} clean console", not errs, str(errs))
        accessible(d, page)
        if page == "/users/fchollet":
            check("paging links", len(d.find_elements(By.CSS_SELECTOR, "a[rel=next]")) == 2)
    d.get(url + "/admin")   # a wrong key: the 403 page
    d.find_element(By.CSS_SELECTOR, "input[type=password]").send_keys("wrongkey123")
    d.find_element(By.CSS_SELECTOR, "input[type=password]").submit()
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".msg-error")))
    check("/admin wrong key refused", "Permission denied" in d.page_source)
    accessible(d, "/admin 403")
    errs = [e for e in console_errors(d) if " 403 " not in e["message"]]   # the wrong key's 403 is expected
    check("/admin 403 clean console otherwise", not errs, str(errs))


def admin_form(d, action):
    """The submit button of the admin form whose hidden action field is action."""
    return d.find_element(By.XPATH, f"//form[.//input[@name='action' and @value='{action}']]//button")


def click_through(d, button):
    """Click a submit button and wait until the browser has left the page it was on."""
    old = d.find_element(By.TAG_NAME, "html")
    button.click()
    WebDriverWait(d, 30).until(EC.staleness_of(old))


def admin(d, url, key, env):
    d.get(url + "/admin")
    d.find_element(By.ID, "key").send_keys(key)
    click_through(d, admin_form(d, "view"))
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.XPATH, "//h2[text()='Job queue']")))
    cookie = d.get_cookie("twitoff_admin") or {}
    check("admin: session cookie HttpOnly", cookie.get("httpOnly") is True, str(cookie))
    check("admin: session cookie SameSite=Strict", cookie.get("sameSite") == "Strict", str(cookie))
    check("admin: no key box once signed in", not d.find_elements(By.CSS_SELECTOR, "input[name=key]"))
    accessible(d, "/admin signed in")
    d.find_element(By.ID, "add-handle").send_keys("newbie.bsky.social")
    Select(d.find_element(By.ID, "add-source")).select_by_value("bluesky")
    click_through(d, admin_form(d, "add"))
    page = WebDriverWait(d, 30).until(EC.presence_of_element_located((By.TAG_NAME, "main"))).text
    check("admin: first action queued without the key", "Queued job #" in page and "(add)" in page, page[:200])
    click_through(d, admin_form(d, "retrain"))
    page = WebDriverWait(d, 30).until(EC.presence_of_element_located((By.TAG_NAME, "main"))).text
    check("admin: second action queued without the key", "(retrain)" in page, page[:200])
    jobs = sh("qsql() { sqlite3 -readonly \"$TWITOFF_HOME/queue/jobs.db\" \"$1\"; }; "
              "qsql \"SELECT group_concat(kind || ':' || ifnull(arg, '-'), ' ') FROM jobs\"", env).strip()
    check("admin: both jobs in the queue store", jobs == "fetch:newbie.bsky.social retrain:-", jobs)
    errs = console_errors(d)
    check("admin: clean console", not errs, str(errs))
    click_through(d, admin_form(d, "signout"))
    WebDriverWait(d, 30).until(EC.presence_of_element_located((By.ID, "key")))
    check("admin: signed out, the key is asked again", d.find_element(By.ID, "key").get_attribute("type") == "password")
    d.get(url + "/admin")
    check("admin: after sign-out the sign-in form", bool(d.find_elements(By.ID, "key")))


def main():
    signal.alarm(300)
    tmp = tempfile.mkdtemp(prefix="twitoff-browser.")
    os.chmod(tmp, 0o755)
    env = dict(os.environ, TWITOFF_HOME=os.path.join(tmp, "home"))
    os.makedirs(env["TWITOFF_HOME"])
    port = sh("free_port", env).strip()
    url = f"http://127.0.0.1:{port}"
    d = None
    try:
        # 30 more posts for fchollet, trained on: two pages of posts, with paging links
        more = ('for i in $(seq 10 39); do printf \'{"id": "9%d", "screen_name": "fchollet", '
                '"created_at": "2019-01-01T00:%d:00Z", "text": "Extra post %d"}\\n\' $i $i $i; '
                'done > "$T/more.jsonl" && "$TWITOFF" -q import "$T/more.jsonl" && "$TWITOFF" -q train '
                '&& "$TWITOFF" -q lists')
        key = sh(f'web_data && {more} && KEY=$("$TWITOFF" -q admin-key) && '
                 f'httpd_start "$ROOT" "$BIN" "$TWITOFF_HOME" {port} cgi >&2 && echo "$KEY"', env).strip()
        d = browser(os.path.join(tmp, "profile"))
        run(d, url, key)
        admin(d, url, key, env)
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
