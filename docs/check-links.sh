#!/usr/bin/env bash
# Checks every relative link in README.md and docs/*.md: the file it names
# must exist and, for a `#anchor` into a Markdown file, a heading must give
# that anchor (GitHub's rule: lower case, punctuation dropped, spaces → -).
# Links inside code blocks and code spans are not links and are skipped.
#
#   docs/check-links.sh        (from anywhere; exits 1 on a broken link)
set -euo pipefail
cd "$(dirname "$0")/.."

# The text of FILE outside fenced code blocks, code spans removed.
prose() { awk '/^ *```/ { fence = !fence; next } !fence' "$1" | sed 's/`[^`]*`//g'; }

# The anchors the headings of FILE give.
anchors() {
    awk '/^ *```/ { fence = !fence; next } !fence && /^#+ /' "$1" |
        sed -E 's/^#+ +//; s/`//g' | tr '[:upper:]' '[:lower:]' |
        sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'
}

bad=0 n=0
for file in README.md docs/*.md; do
    dir=$(dirname "$file")
    while IFS= read -r link; do
        case $link in http://* | https://* | mailto:*) continue ;; esac
        n=$((n + 1))
        target=${link%%#*} anchor=
        [[ $link == *#* ]] && anchor=${link#*#}
        if [[ -z $target ]]; then path=$file; else path=$dir/$target; fi
        if [[ ! -e $path ]]; then
            echo "$file: $link: no such file ($path)"; bad=1; continue
        fi
        if [[ -n $anchor && $path == *.md ]] && ! anchors "$path" | grep -qxF -- "$anchor"; then
            echo "$file: $link: no heading gives #$anchor in $path"; bad=1
        fi
    done < <(prose "$file" | grep -oE '\]\([^) ]+\)' | sed -E 's/^\]\(//; s/\)$//')
done
[[ $bad == 0 ]] && echo "all $n relative links resolve"
exit $bad
