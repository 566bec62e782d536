#!/usr/bin/env bash
# t60-heatmap.sh - `twitoff lists` draws lists/accuracy.svg (libxml2) and GET /users shows it
# inline: one cell per pair with its accuracy, well-formed, no inline style (the CSP forbids it);
# the reliability diagram (lists/reliability.svg) follows it, anchored for the results page's link;
# GET /users/NAME lists how well each of the user's pairs separates.
. "$(dirname "$0")/../lib.sh"
. "$ROOT/tests/web_lib.sh"
. "$ROOT/tests/cmd/ops-lib.sh"
corpus "$T/c.csv" 0 80 fchollet KimKardashian wesmckinn
"$TWITOFF" -q import "$T/c.csv" && "$TWITOFF" -q train
t_ok "lists" "$TWITOFF" -q lists
svg=$TWITOFF_HOME/lists/accuracy.svg
t_ok "accuracy.svg written" test -s "$svg"
t_ok "well-formed XML" /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$svg"
t_eq "3x3 grid: 6 pair cells, 3 diagonal" "6 3" "$(grep -c '<g class="pair">' "$svg") $(grep -c '<g class="self">' "$svg")"
acc=$(sql "SELECT printf('%.1f', 100 * accuracy) FROM pairs p JOIN users a ON a.id = p.user_a JOIN users b ON b.id = p.user_b WHERE a.handle = 'KimKardashian' AND b.handle = 'fchollet'")
t_match "a cell's tooltip gives the pair's stored accuracy" "<title>(KimKardashian vs fchollet|fchollet vs KimKardashian): $acc% held-out accuracy</title>" "$(cat "$svg")"
t_nomatch "no <style> element" '<style' "$(cat "$svg")"
t_ok "twitoff check parses it" "$TWITOFF" check
cgi users GET "" ""
t_match "GET /users: 200" '^(200)?$' "$STATUS"
t_match "the heat map is inline on /users" '<figure class="heatmap">' "$BODY_OUT"
t_match "as SVG" '^<svg xmlns="http://www.w3.org/2000/svg"' "$BODY_OUT"
t_match "with its tooltips" "held-out accuracy</title>" "$BODY_OUT"
t_nomatch "no XML declaration inside the page" '<\?xml' "$BODY_OUT"
t_match "the reliability diagram is inline on /users, anchored" '<figure class="reliability" id="reliability">' "$BODY_OUT"
t_match "with its sentence" '<desc id="reliability-desc">When TwitOff says [5-9][05]%, it was right [0-9]+% of the time' "$BODY_OUT"
t_match "and its caption" '<figcaption>How good are these answers\?' "$BODY_OUT"
# The user page: how well each of the user's pairs separates, best first.
cgi users GET /fchollet ""
t_match "user page: pair table" '<h2>How well each pair separates</h2>' "$BODY_OUT"
t_eq "user page: one row per pair of the user" 2 "$(printf '%s\n' "$BODY_OUT" | grep -c '^<tr><td><a href="/users/[A-Za-z]*">@')"
t_match "user page: the stored accuracy" "<a href=\"/users/KimKardashian\">@KimKardashian</a></td><td class=\"num\">$acc%</td>" "$BODY_OUT"
cgi users GET /fchollet "page=2"
t_nomatch "page 2: posts only" 'How well each pair' "$BODY_OUT"
rm "$svg" "$TWITOFF_HOME/lists/reliability.svg"
cgi users GET "" ""
t_nomatch "no figure when lists have not drawn it" 'heatmap|reliability' "$BODY_OUT"
t_done
