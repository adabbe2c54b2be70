"""The password hasher of the tests: argon2id, as the product's, at the least cost.

The product's hasher (Django's Argon2PasswordHasher: 100 MiB and 8 lanes a hash) is
there to be slow; the tests hash and check passwords by the hundred (sign-in, demo
people, invitations), and on two cores that cost was minutes of a run. The product's
own choice is pinned by tests/accounts/test_sign_in.py."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class QuickArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = 1
    memory_cost = 64  # KiB
    parallelism = 1
