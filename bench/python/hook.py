# The body of every hook file of the benchmark's Python charms: a classic
# charms.reactive hook. iface-bench writes it to hooks/<hook name> behind a
# `#!` line naming the python3 it installed charms.reactive for.
from charms.reactive import main

main()
