#!/bin/sh
# nginx resolves the web service by name at request time (a variable upstream), through the network's
# DNS server: whatever this container's resolv.conf names. valid=1s: a recreated web is found within 1 s.
set -eu
ns="$(awk '$1 == "nameserver" { print $2; exit }' /etc/resolv.conf)"
case "$ns" in
    "") echo "proxy-entrypoint: no nameserver in /etc/resolv.conf" >&2; exit 1 ;;
    *:*) ns="[$ns]" ;;
esac
printf 'resolver %s valid=1s ipv6=off;\nresolver_timeout 2s;\n' "$ns" >/etc/nginx/resolver.conf
exec "$@"
