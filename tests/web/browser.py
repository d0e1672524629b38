"""The web interface in headless Chromium (run by tests/web/run.sh).

Each check prints "ok - NAME" or "FAIL - NAME: why"; the last line is
"web: N passed, N failed" and the exit status is 1 when any failed.
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

VIETNAMESE = set("ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợ"
                 "ùúủũụừứửữựỳýỷỹỵ")


class Run:
    def __init__(self, args):
        self.args = args
        self.passed = 0
        self.failed = 0
        opts = Options()
        for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--disable-quic",
                     "--no-first-run", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync",
                     "--lang=vi", "--window-size=360,740"):
            opts.add_argument(flag)
        self.profile = tempfile.mkdtemp(prefix="shg-chromium-")
        opts.add_argument("--user-data-dir=" + self.profile)
        opts.binary_location = "/usr/bin/chromium"
        self.d = webdriver.Chrome(
            service=Service("/usr/bin/chromedriver"), options=opts)
        self.d.set_window_size(360, 740)

    def check(self, name, fn):
        try:
            fn()
        except Exception as e:  # a failed check, whatever raised it
            self.failed += 1
            print("FAIL - %s: %s" % (name, str(e).splitlines()[0] if str(e)
                                     else type(e).__name__))
        else:
            self.passed += 1
            print("ok - " + name)

    def get(self, path):
        self.d.get(self.args.url + path)

    def shot(self, name):
        # The whole page, not only the first screen.
        h = self.d.execute_script("return document.body.scrollHeight")
        self.d.set_window_size(360, max(740, min(int(h) + 140, 4000)))
        self.d.save_screenshot(os.path.join(self.args.screens, name + ".png"))
        self.d.set_window_size(360, 740)

    def wait(self, css, seconds=20):
        """The elements matching css, once there are some (a click's page
        may still be loading on a busy machine); [] after the wait."""
        try:
            return WebDriverWait(self.d, seconds).until(
                lambda d: d.find_elements(By.CSS_SELECTOR, css))
        except Exception:
            return []

    def text(self):
        return self.d.find_element(By.TAG_NAME, "body").text

    def login(self, password, user=None):
        self.get("/")
        self.d.find_element(By.NAME, "name").clear()
        self.d.find_element(By.NAME, "name").send_keys(user or self.args.user)
        self.d.find_element(By.NAME, "password").send_keys(password)
        self.d.find_element(By.CSS_SELECTOR, "form button").click()
        self.wait("nav, .note.err")

    def cookie(self):
        c = self.d.get_cookie("shg_session")
        return c["value"] if c else None


def post(url, data, cookie):
    """A POST outside the browser; the HTTP status."""
    req = urllib.request.Request(url, data=data.encode(), method="POST")
    req.add_header("Content-Type", "application/x-www-form-urlencoded")
    if cookie:
        req.add_header("Cookie", "shg_session=" + cookie)
    try:
        with urllib.request.urlopen(req) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def get_status(url, cookie):
    req = urllib.request.Request(url)
    req.add_header("Cookie", "shg_session=" + cookie)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    try:
        with urllib.request.build_opener(NoRedirect).open(req) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def main():
    p = argparse.ArgumentParser()
    for a in ("url", "shg", "screens", "user", "password", "group", "member",
              "absent", "other-id", "today", "coord", "coord-password", "db",
              "work"):
        p.add_argument("--" + a, required=True)
    args = p.parse_args()
    r = Run(args)
    a = args
    try:
        checks(r, a)
    finally:
        r.d.quit()
        subprocess.run(["rm", "-rf", r.profile])
    print("web: %d passed, %d failed" % (r.passed, r.failed))
    return 1 if r.failed else 0


def checks(r, a):
    def wrong_password():
        r.login("not the password")
        assert r.cookie() is None, "a session after a wrong password"
        assert r.wait(".note.err"), \
            "no message for a wrong password"
        r.shot("login")
    r.check("wrong password refused", wrong_password)

    def login():
        time.sleep(1.5)     # a failure slows the next try down
        r.login(a.password)
        assert r.cookie(), "no session cookie"
        assert r.wait("nav"), "no navigation"
        r.shot("today")
    r.check("login", login)

    def vietnamese():
        t = r.text()
        assert "Hôm nay" in t, "no \"Hôm nay\" on the Today page"
        assert any(ch in VIETNAMESE for ch in t.lower()), "no diacritics"
    r.check("Vietnamese text with diacritics", vietnamese)

    def fits_phone():
        w = r.d.execute_script(
            "return document.documentElement.scrollWidth")
        assert w <= 360, "page is %d px wide" % w
    r.check("Today fits a 360 px screen", fits_phone)

    def group_page():
        r.get("/groups")
        r.wait("main a.row")
        r.shot("groups")
        r.d.find_element(By.PARTIAL_LINK_TEXT, a.group).click()
        r.wait("a[href^='/person']")
        assert a.member in r.text(), "member not listed"
        assert "âm lịch" in r.text(), "no lunar date"
        r.shot("group")
    r.check("group page lists members and lunar dates", group_page)

    def record():
        r.get("/")
        r.d.find_element(By.CSS_SELECTOR, "a.button[href^='/meeting']").click()
        r.wait("input[name=topic]")
        r.d.find_element(By.NAME, "topic").send_keys("Tiết kiệm nhóm")
        for box in r.d.find_elements(By.CSS_SELECTOR, "fieldset"):
            if a.absent in box.text:
                box.find_element(By.CSS_SELECTOR,
                                 "input[value='absent']").click()
        r.shot("meeting")
        r.d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        r.wait(".note.ok, .err")
        notes = r.d.find_elements(By.CSS_SELECTOR, ".note.ok")
        assert notes, "not saved: " + r.text()[:300].replace("\n", " | ")
        out = subprocess.run(
            [a.shg, "--lang", "en", "meeting", "show", a.group, "--date",
             a.today], capture_output=True, text=True)
        assert out.returncode == 0, out.stderr.strip()
        lines = out.stdout.splitlines()
        assert any(a.absent in ln and "absent" in ln for ln in lines), \
            "CLI does not show %s absent:\n%s" % (a.absent, out.stdout)
        assert any(a.member in ln and "present" in ln for ln in lines), \
            "CLI does not show %s present" % a.member
    r.check("record attendance, then the CLI shows it", record)

    def twice():
        r.get("/meeting?group=1&date=" + a.today)
        r.d.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
        assert r.wait(".err"), "no message"
    r.check("recording the same day twice is refused", twice)

    def member():
        r.get("/groups")
        r.d.find_element(By.PARTIAL_LINK_TEXT, a.group).click()
        r.wait("a[href^='/person']")
        r.d.find_element(By.PARTIAL_LINK_TEXT, a.member).click()
        r.wait("#visit")
        t = r.text()
        assert a.member in t and "+84912345678" in t, "no name or phone"
        g = r.d.find_element(By.ID, "grants").text
        assert "Hỗ trợ hiện vật" in g and "lợn nái" in g, "no grant: " + g
        assert "Đàn hiện có: 1" in g and "đã chuyển 0 trên 2" in g, g
        r.shot("member")
    r.check("member page", member)

    def sms():
        r.d.find_element(By.CSS_SELECTOR, "a[href^='/sms/person']").click()
        r.wait("textarea[name=text]")[0].send_keys("Chiều nay họp nhóm nhé")
        r.d.find_element(By.CSS_SELECTOR, "main form button").click()
        assert r.wait("input[name=confirm]"), "no preview"
        assert "Unicode" in r.text(), "coding not shown"
        r.shot("sms")
        r.d.find_element(By.CSS_SELECTOR, "main form button").click()
        assert r.wait(".note.ok"), "not queued"
        out = subprocess.run([a.shg, "--lang", "en", "sms", "outbox"],
                             capture_output=True, text=True)
        assert "queued" in out.stdout and "manual" in out.stdout, out.stdout
    r.check("SMS to a member: preview, then queued", sms)

    def other_group():
        url = a.url + "/person?person="
        r.get("/person?person=" + a.other_id)
        assert "Không được phép" in r.d.title, "title: " + r.d.title
        assert a.other_id and get_status(url + a.other_id, r.cookie()) == 403
        # the same answer for a record that does not exist
        assert get_status(url + "999999", r.cookie()) == 403
        r.shot("forbidden")
    r.check("another group's member by URL gives 403", other_group)

    def no_csrf():
        st = post(a.url + "/meeting", "group=1&date=" + a.today, r.cookie())
        assert st == 403, "status %d" % st
    r.check("a POST without the CSRF token is refused", no_csrf)

    def logout():
        old = r.cookie()
        r.get("/")
        r.d.find_element(By.CSS_SELECTOR, "nav form button").click()
        assert r.wait("input[name=password]"), "no login form"
        st = get_status(a.url + "/groups", old)
        assert st == 303, "old session still works (%d)" % st
    r.check("logout ends the session", logout)
    coordinator(r, a)


def people(a):
    out = subprocess.run(["sqlite3", a.db, "SELECT count(*) FROM person"],
                         capture_output=True, text=True, check=True)
    return int(out.stdout)


def coordinator(r, a):
    """A province coordinator: import with a bad line, then fixed; the
    report of a period and one of its CSV downloads."""
    header = "họ tên,giới tính,năm sinh,huyện,tỉnh,diện\n"
    rows = ["Hà Thị Ngọc,nữ,1990,Bắc Hà,Lào Cai,at-risk\n",
            "Lường Thị Xuân,nữ,%s,Bắc Hà,Lào Cai,at-risk\n"]
    bad = os.path.join(a.work, "nguoi-loi.csv")
    good = os.path.join(a.work, "nguoi.csv")
    with open(bad, "w", encoding="utf-8") as f:
        f.write(header + rows[0] + rows[1] % "19x0")
    with open(good, "w", encoding="utf-8") as f:
        f.write(header + rows[0] + rows[1] % "1980")
    before = people(a)

    def login():
        r.login(a.coord_password, a.coord)
        assert r.wait("nav a[href='/report']"), "no Reports in the menu"
    r.check("a coordinator signs in and has the registry and reports", login)

    def upload(path):
        r.get("/import")
        r.d.find_element(By.NAME, "file").send_keys(path)
        r.d.find_element(By.CSS_SELECTOR, "main form button").click()
        assert r.wait(".note"), "no outcome shown"

    def import_bad():
        upload(bad)
        errs = r.wait("#import-errors li")
        assert errs, "no line errors shown"
        assert "nguoi-loi.csv:3" in errs[0].text, errs[0].text
        assert "19x0" in r.text(), "the bad value is not named"
        assert people(a) == before, "something was written"
        r.shot("import-error")
    r.check("an import with a bad line shows it and writes nothing",
            import_bad)

    def import_good():
        upload(good)
        ok = r.wait(".note.ok")
        assert ok and "2" in ok[0].text, r.text()[:200]
        assert people(a) == before + 2, "not imported"
        r.shot("import-ok")
    r.check("the corrected file imports", import_good)

    def report():
        year = a.today[:4]
        r.get("/report?from=%s-01-01&to=%s" % (year, a.today))
        assert r.wait(".report svg"), "no chart"
        assert "Báo cáo" in r.text()
        r.shot("report")
        r.d.execute_cdp_cmd("Page.setDownloadBehavior", {
            "behavior": "allow", "downloadPath": a.work})
        link = r.d.find_element(By.CSS_SELECTOR,
                                "a[href*='report.csv'][href*='section=people']")
        link.click()
        path = os.path.join(a.work, "report-people.csv")
        for _ in range(100):
            if os.path.exists(path):
                break
            time.sleep(0.1)
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        assert "\npeople," in text, text[:200]
        assert "\nsupport," not in text
    r.check("a coordinator opens a period's report and downloads a CSV",
            report)

    def registry():
        r.get("/registry")
        assert r.wait("ul.list li a.row"), "no one listed"
        r.shot("registry")
        r.get("/registry/person?person=" + a.other_id)
        assert r.wait("#needs"), "no record"
        assert "Lò Thị Lan" not in r.text(), "a name shown to a coordinator"
        r.shot("registry-person")
    r.check("the registry shows a coordinator case codes, not names",
            registry)

    def other_province():
        st = get_status(a.url + "/report?province=S%C6%A1n+La", r.cookie())
        assert st == 403, "status %d" % st
    r.check("another province's report is refused", other_province)


if __name__ == "__main__":
    sys.exit(main())
