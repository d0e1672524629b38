"""The coordinators' pages in headless Chromium (run by tests/web/run.sh
after browser.py, on the same server): a district coordinator records a
repayment, with its confirmation step, and sees PAR30 change on the loan
review; another district's loan is refused; the follow-up, grants and
visits pages fit a phone. Screenshots go to --screens.
"""
import argparse
import shutil
import sys

from selenium.webdriver.common.by import By

from browser import Run, get_status


def fits(r, what):
    w = r.d.execute_script("return document.documentElement.scrollWidth")
    assert w <= 360, "%s is %d px wide" % (what, w)


def checks(r, a):
    state = {}

    def login():
        r.login(a.password)
        assert r.cookie(), "no session cookie"
        assert r.wait("nav a[href='/loans']"), "no Loans in the menu"
    r.check("coordinator: login", login)

    def review():
        r.get("/loans")
        par = r.wait("#par30")
        assert par, "no PAR30 on the review"
        state["par"] = par[0].text
        assert "Rà soát khoản vay" in r.text(), "not in Vietnamese"
        fits(r, "the review")
        r.shot("loans")
    r.check("coordinator: loan review shows PAR30", review)

    def pages():
        for path, name in (("/followup", "followup"), ("/grants", "grants"),
                           ("/visits", "visits")):
            r.get(path)
            assert r.wait("main h1"), path + " has no title"
            fits(r, path)
            r.shot(name)
            assert "MK-" in r.d.find_element(By.TAG_NAME, "main").text or \
                path == "/visits", path + " lists no one"
        st = get_status(a.url + "/followup.csv", r.cookie())
        assert st == 200, "CSV status %d" % st
    r.check("coordinator: follow-up, grants and visits fit a phone", pages)

    def repay():
        r.get("/loans")
        r.d.find_element(By.CSS_SELECTOR,
                         "a[href='/loan?loan=%s']" % a.loan).click()
        owed = r.wait("dd.to-repay")
        assert owed, "no amount to repay"
        amount = owed[0].text.replace(" đ", "")
        fits(r, "the loan page")
        r.shot("loan")
        r.d.find_element(By.ID, "repay-amount").send_keys(amount)
        r.d.find_element(By.ID, "repay-note").send_keys("Trả hết nợ")
        r.d.find_element(By.CSS_SELECTOR,
                         "form[action='/loan/repay'] button").click()
        assert r.wait("input[name=confirm]"), "no confirmation step: " + \
            r.text()[:200].replace("\n", " | ")
        t = r.text()
        assert "Sau thay đổi này" in t, "no effect shown"
        r.shot("loan-confirm")
        r.d.find_element(By.CSS_SELECTOR, "button[name=ok]").click()
        assert r.wait(".note.ok"), "not saved: " + \
            r.text()[:200].replace("\n", " | ")
        owed = r.wait("dd.to-repay")
        assert owed and owed[0].text == "0 đ", "still owed: " + \
            (owed[0].text if owed else "nothing shown")
    r.check("coordinator: repayment confirmed, then saved", repay)

    def par_changed():
        r.get("/loans")
        par = r.wait("#par30")
        assert par and par[0].text != state.get("par"), \
            "PAR30 still %s" % (par[0].text if par else "missing")
    r.check("coordinator: PAR30 changes after the repayment", par_changed)

    def other_district():
        r.get("/loan?loan=" + a.other_loan)
        assert "Không được phép" in r.d.title, "title: " + r.d.title
        st = get_status(a.url + "/loan?loan=" + a.other_loan, r.cookie())
        assert st == 403, "status %d" % st
    r.check("coordinator: another district's loan gives 403", other_district)



def main():
    p = argparse.ArgumentParser()
    for arg in ("url", "screens", "user", "password", "loan", "other-loan"):
        p.add_argument("--" + arg, required=True)
    args = p.parse_args()
    r = Run(args)
    try:
        checks(r, args)
    finally:
        r.d.quit()
        shutil.rmtree(r.profile, ignore_errors=True)
    print("coord: %d passed, %d failed" % (r.passed, r.failed))
    return 1 if r.failed else 0


if __name__ == "__main__":
    sys.exit(main())
