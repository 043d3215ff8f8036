#!/usr/bin/env bash
# Re-creates the user guide's screenshots (docs/guide/img/) from the Tasklist walks (cn.xieshang.tasklist.*InTasklistTest),
# which take every process through Tasklist as the demo users in headless Chromium and save each screen they pass, and
# the managers' Cockpit screens from cn.xieshang.cockpit.CockpitForManagersTest.
# Run from the repository root:  docs/guide/screenshots.sh
# Writes img/<process>/<role>-<step>.png: the walk's <nn>-<role>-<step>.png without its number; when a walk passes the
# same role and step twice (two CPPCC members confirming, two departments answering), the first screen is kept.
set -euo pipefail

root=$(pwd)
guide="$root/docs/guide"
img="$guide/img"

if [[ ! -f "$root/pom.xml" || ! -d "$guide" ]]; then
    echo "screenshots.sh: run me from the repository root (where pom.xml is): docs/guide/screenshots.sh" >&2
    exit 2
fi
# the walks need exactly these (see src/test/java/cn/xieshang/support/TasklistBrowser.java); without them they skip
# silently and there would be nothing to copy
for binary in /usr/bin/chromium /usr/bin/chromedriver; do
    if [[ ! -x "$binary" ]]; then
        echo "screenshots.sh: $binary is missing. The screenshots come from the Tasklist walks in headless Chromium;" >&2
        echo "  install it first (Debian/Ubuntu): sudo apt-get install chromium chromium-driver fonts-noto-cjk" >&2
        exit 3
    fi
done
if ! command -v mvn >/dev/null; then
    echo "screenshots.sh: mvn (Maven) is not on the PATH" >&2
    exit 3
fi

shots=$(mktemp -d "${TMPDIR:-/tmp}/xieshang-guide-XXXXXX")
trap 'rm -rf "$shots"' EXIT

echo "Walking every process in Tasklist (a few minutes) ..."
if ! mvn -B -q --no-transfer-progress test -Dtest='*InTasklistTest' -Dxieshang.guide.screenshots="$shots"; then
    echo "screenshots.sh: the Tasklist walks failed; docs/guide/img/ is left as it was." >&2
    echo "  See target/surefire-reports/ and target/screenshots/FAILED-*.png for what the browser showed." >&2
    exit 1
fi

shopt -s nullglob
processes=("$shots"/*/)
if (( ${#processes[@]} == 0 )); then
    echo "screenshots.sh: the walks saved no screens (were they skipped? see target/surefire-reports/)." >&2
    echo "  docs/guide/img/ is left as it was." >&2
    exit 1
fi

rm -rf "$img"
mkdir -p "$img"
written=0
for dir in "${processes[@]}"; do
    process=$(basename "$dir")
    mkdir -p "$img/$process"
    # numbered names sort in walk order, so the first screen of a role and step is copied first
    while IFS= read -r png; do
        name=$(basename "$png")
        target="$img/$process/${name#[0-9]*-}"
        if [[ -e "$target" ]]; then
            continue
        fi
        cp "$png" "$target"
        echo "wrote ${target#"$root"/}"
        written=$((written + 1))
    done < <(printf '%s\n' "$dir"*.png | sort)
done
# the managers' Cockpit screens (the 案件 tab, 案件查找, 协商工作看板) come from the Cockpit browser test
echo "Opening cases in Cockpit as a street office ..."
if mvn -B -q --no-transfer-progress test -Dtest='CockpitForManagersTest'; then
    mkdir -p "$img/cockpit"
    cp "$root/target/screenshots/cockpit-03-case-tab-as-street-office.png" "$img/cockpit/street-office-case-tab.png"
    cp "$root/target/screenshots/cockpit-05-finished-case-found-on-the-dashboard.png" \
        "$img/cockpit/street-office-case-search.png"
    # the 协商工作看板 as a community's party committee and as the district, and a number's cases listed
    cp "$root/target/screenshots/cockpit-06-dashboard-as-ljy3-party-committee.png" "$img/cockpit/party-committee-dashboard.png"
    cp "$root/target/screenshots/cockpit-07-dashboard-overdue-cases-as-ljy3-party-committee.png" \
        "$img/cockpit/party-committee-dashboard-cases.png"
    cp "$root/target/screenshots/cockpit-06-dashboard-as-district.png" "$img/cockpit/district-office-dashboard.png"
    cp "$root/target/screenshots/cockpit-08-the-seven-steps-on-the-diagram.png" \
        "$img/cockpit/party-committee-diagram-steps.png"
    echo "wrote docs/guide/img/cockpit/ (6)"
    written=$((written + 5))
else
    echo "screenshots.sh: the Cockpit test failed; see target/surefire-reports/" >&2
fi
echo "$written screenshots in docs/guide/img/"

# every picture a guide shows must exist: a walk that changed its steps leaves a broken link otherwise
missing=0
for md in "$guide"/*.md; do
    for link in $(grep -o 'img/[A-Za-z0-9/_.-]*\.png' "$md" | sort -u); do
        if [[ ! -e "$guide/$link" ]]; then
            echo "WARNING: $(basename "$md") shows $link, which the walks no longer produce" >&2
            missing=$((missing + 1))
        fi
    done
done
if (( missing > 0 )); then
    echo "screenshots.sh: $missing image links in docs/guide/*.md point at screens the walks did not save; fix the guides." >&2
    exit 4
fi
