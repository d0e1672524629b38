"""The SMS pages in headless Chromium (run by tests/web/run.sh after
browser.py): a coordinator opens the outbox, the inbox, the modem's
status and the SMS forms of her district; an organiser is refused the
gateway. Prints "ok - NAME" / "FAIL - NAME: why" and "web sms: N passed,
N failed"; exit status 1 when any failed. Screenshots: sms-*.png.
"""
import argparse
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Run, get_status  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


def checks(r, a):
    def login():
        r.login(a.password)
        assert r.cookie(), "no session cookie"
        assert r.wait("nav a[href='/sms/outbox']"), "no SMS in the menu"
    r.check("coordinator signs in, SMS in the menu", login)

    def outbox():
        r.d.find_element(By.CSS_SELECTOR, "nav a[href='/sms/outbox']").click()
        rows = r.wait("#outbox tbody tr")
        assert rows, "no outbox rows"
        t = r.text()
        assert a.inside_text in t, "the district's message text not shown"
        assert a.outside_text not in t, "another district's text shown"
        assert "ngoài địa bàn" in t, "no note for hidden texts"
        assert "Số lần thử" in t and "Lỗi" in t, "no tries or error column"
        states = {tr.get_attribute("data-state") for tr in rows}
        assert "queued" in states, states
        w = r.d.execute_script("return document.documentElement.scrollWidth")
        assert w <= 360, "page is %d px wide (the table scrolls)" % w
        r.shot("sms-outbox")
    r.check("outbox: states, tries, texts within the district only", outbox)

    def outbox_filter():
        r.d.find_element(By.CSS_SELECTOR,
                         "#state option[value='queued']").click()
        r.d.find_element(By.CSS_SELECTOR, "main form button").click()
        r.wait("#outbox")
        states = {tr.get_attribute("data-state")
                  for tr in r.d.find_elements(By.CSS_SELECTOR,
                                              "#outbox tbody tr")}
        assert states == {"queued"}, states
    r.check("outbox filtered by state", outbox_filter)

    def modem():
        r.get("/sms/modem")
        assert r.wait("#connected"), "no modem state"
        t = r.text()
        for label in ("Sóng", "Gửi gần nhất", "Số tin chờ gửi",
                      "Lỗi hôm nay", "Mẫu tin nhắn đang dùng"):
            assert label in t, "no " + label
        assert "đã kết nối" in r.d.find_element(By.ID, "connected").text
        queue = int(r.d.find_element(By.ID, "queue").text)
        assert queue >= 1, "queue %d" % queue
        assert r.d.find_elements(By.CSS_SELECTOR, "#templates li"), \
            "no templates"
        r.shot("sms-modem")
    r.check("modem status and templates", modem)

    def inbox():
        r.get("/sms/inbox")
        assert r.wait("#inbox"), "no inbox"
        r.shot("sms-inbox")
    r.check("inbox", inbox)

    def forms():
        r.get("/forms")
        assert r.wait("#forms li"), "no forms"
        t = r.text()
        assert a.form_text in t, "the organiser's form not listed"
        assert "đã ghi" in t, "no outcome"
        assert r.d.find_elements(By.CSS_SELECTOR,
                                 "#forms a[href^='/group?group=']"), \
            "no link to the meeting's group"
        w = r.d.execute_script("return document.documentElement.scrollWidth")
        assert w <= 360, "page is %d px wide" % w
        r.shot("sms-forms")
    r.check("SMS forms of the district, linked", forms)

    def organiser_refused():
        cookie = session(a.url, a.organiser, a.organiser_password)
        assert cookie, "the organiser could not sign in"
        for path in ("/sms/outbox", "/sms/inbox", "/sms/modem"):
            st = get_status(a.url + path, cookie)
            assert st == 403, "%s: status %d" % (path, st)
        assert get_status(a.url + "/forms", cookie) == 200
    r.check("an organiser gets 403 on the SMS gateway", organiser_refused)


def session(url, name, password):
    """Sign in outside the browser: the session cookie, or None."""
    data = urllib.parse.urlencode({"name": name, "password": password})
    req = urllib.request.Request(url + "/login", data=data.encode(),
                                 method="POST")

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None
    try:
        resp = urllib.request.build_opener(NoRedirect).open(req)
    except urllib.error.HTTPError as e:
        resp = e
    m = re.search(r"shg_session=([0-9a-f]+)", resp.headers.get("Set-Cookie", ""))
    return m.group(1) if m else None


def main():
    p = argparse.ArgumentParser()
    for n in ("url", "screens", "user", "password", "inside-text",
              "outside-text", "form-text", "organiser", "organiser-password"):
        p.add_argument("--" + n, required=True)
    a = p.parse_args()
    r = Run(a)
    try:
        checks(r, a)
    finally:
        r.d.quit()
        subprocess.run(["rm", "-rf", r.profile])
    print("web sms: %d passed, %d failed" % (r.passed, r.failed))
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
