"""The administrators' pages in headless Chromium (run by tests/web/run.sh
after browser.py, on the same server): an organiser gets 403, an admin
adds an account that then signs in, finds a person's reads in the audit
trail, makes a backup, and disables the account, whose session stops;
a modem problem shows on the admin's Today page and is marked seen.
"""
import argparse
import os
import subprocess
import sys
import time

from selenium.webdriver.common.by import By

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser import Run, get_status  # noqa: E402


def sign_in(r, name, password):
    time.sleep(1.5)     # each try waits out the slow-down of the last
    r.d.delete_all_cookies()
    r.get("/")
    r.d.find_element(By.NAME, "name").clear()
    r.d.find_element(By.NAME, "name").send_keys(name)
    r.d.find_element(By.NAME, "password").send_keys(password)
    r.d.find_element(By.CSS_SELECTOR, "form button").click()
    r.wait("nav, .note.err")


def checks(r, a):
    def organiser_forbidden():
        sign_in(r, a.user, a.password)
        assert r.cookie(), "the organiser did not sign in"
        assert "/admin/accounts" not in r.d.page_source, "admin link shown"
        for path in ("/admin/accounts", "/admin/audit", "/admin/backups"):
            assert get_status(a.url + path, r.cookie()) == 403, path
        r.get("/admin/accounts")
        assert "Không được phép" in r.d.title, "title: " + r.d.title
    r.check("an organiser gets 403 on the admin pages", organiser_forbidden)

    def add_account():
        sign_in(r, a.admin, a.password)
        r.d.find_element(By.LINK_TEXT, "Quản trị").click()
        r.wait("input[name=password]")
        form = r.d.find_element(By.CSS_SELECTOR,
                                "form[action='/admin/account/add']")
        form.find_element(By.NAME, "name").send_keys("hanh")
        form.find_element(By.NAME, "groups").send_keys(a.group)
        form.find_element(By.NAME, "password").send_keys(a.password)
        form.find_element(By.CSS_SELECTOR, "button").click()
        assert r.wait(".note.ok"), "not saved: " + r.text()[:300]
        assert r.d.find_elements(By.ID, "account-hanh"), "not listed"
        r.shot("admin-accounts")
    r.check("an admin adds an account", add_account)

    def new_account_signs_in():
        sign_in(r, "hanh", a.password)
        assert r.cookie(), "no session for the new account"
        r.get("/groups")
        assert a.group in r.text(), "the new organiser sees no group"
        a.hanh_cookie = r.cookie()
    r.check("the new account signs in and sees its group",
            new_account_signs_in)

    def audit():
        sign_in(r, a.admin, a.password)
        r.get("/admin/audit")
        r.d.find_element(By.NAME, "code").send_keys(a.member)
        r.d.find_element(By.CSS_SELECTOR, "main form button").click()
        r.wait("#audit li")
        t = r.text()
        assert a.member in t and "view" in t, "no read of the member: " + t
        assert a.user in t, "the organiser's read is not listed"
        r.shot("admin-audit")
        link = r.d.find_element(By.PARTIAL_LINK_TEXT, "CSV")
        assert get_status(link.get_attribute("href"), r.cookie()) == 200
    r.check("the audit trail shows who saw a person", audit)

    def backup():
        r.get("/admin/backups")
        r.d.find_element(By.CSS_SELECTOR,
                         "form[action='/admin/backup'] button").click()
        assert r.wait(".note.ok"), "no backup: " + r.text()[:300]
        assert "shg-%s.db" % a.today in r.text(), "not listed"
        assert not r.d.find_elements(By.CSS_SELECTOR,
                                     "a[href^='/admin/backup/file']"), \
            "a download link without TLS"
        st = get_status(a.url + "/admin/backup/file?file=shg-%s.db" % a.today,
                        r.cookie())
        assert st == 403, "download without TLS: %d" % st
        r.shot("admin-backups")
    r.check("a backup is made and listed; no download without TLS", backup)

    def disable():
        r.get("/admin/accounts")
        item = r.wait("#account-hanh")[0]
        item.find_element(
            By.CSS_SELECTOR,
            "form[action='/admin/account/disable'] button").click()
        assert r.wait(".note.ok"), "not disabled"
        st = get_status(a.url + "/groups", a.hanh_cookie)
        assert st == 303, "the session still works (%d)" % st
        out = subprocess.run([a.shg, "--lang", "en", "user", "list"],
                             capture_output=True, text=True)
        assert any("hanh" in ln and "disabled" in ln
                   for ln in out.stdout.splitlines()), out.stdout
    r.check("an admin disables an account; its session stops", disable)

    def modem_problem_seen():
        sign_in(r, a.admin, a.password)
        r.get("/")
        section = r.d.find_element(By.ID, "modems")
        assert "không đọc được" in section.text, "no problem: " + \
            section.text[:300]
        r.shot("admin-today-modems")
        section.find_element(By.CSS_SELECTOR, "form[action='/modem/seen'] "
                             "button").click()
        r.wait("#modems")
        section = r.d.find_element(By.ID, "modems")
        assert "không đọc được" not in section.text, "still listed"
        assert "không có sự cố" in section.text, section.text[:300]
        sign_in(r, a.user, a.password)
        r.get("/")
        assert not r.d.find_elements(By.ID, "modems"), \
            "an organiser sees the modems"
    r.check("an admin sees a modem problem on Today and marks it seen",
            modem_problem_seen)


def main():
    p = argparse.ArgumentParser()
    for name in ("url", "shg", "screens", "user", "admin", "password",
                 "group", "member", "today"):
        p.add_argument("--" + name, required=True)
    args = p.parse_args()
    r = Run(args)
    try:
        checks(r, args)
    finally:
        r.d.quit()
        subprocess.run(["rm", "-rf", r.profile])
    print("web admin: %d passed, %d failed" % (r.passed, r.failed))
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
