# Sourced by every hook (bash, `set -euo pipefail` already on): where the
# interface binary is, and what the charm does once the interface has
# handled a hook.
#
# The binary is $IFACE_BIN if set, else bin/iface-website in the charm
# directory (where a build of this charm puts it).

IFACE="${IFACE_BIN:-"${JUJU_CHARM_DIR:?JUJU_CHARM_DIR is not set}/bin/iface-website"}"

# Lets the interface handle the current hook: joins and leaves
# conversations and raises or clears `website.available`.
iface_hook() {
    "$IFACE"
}

# Publishes the configured port to every client once one is connected.
configure_website() {
    local port
    port="$(config-get port)"
    if "$IFACE" is-flag-set website.available; then
        "$IFACE" relation-call --flag website.available configure "$port"
        status-set active "serving on port $port"
    else
        status-set waiting "waiting for a website client"
    fi
}
