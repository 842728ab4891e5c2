# The body of every Python hook of the interop tests' charms. The test
# writes it to hooks/<hook name> behind a `#!` line naming the python3 it
# installed charms.reactive for: a classic reactive charm's hook file.
from charms.reactive import main

main()
