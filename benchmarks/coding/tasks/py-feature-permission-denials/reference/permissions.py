"""Role-based permissions backed by BitSets."""

from bitset import BitSet

PERMISSIONS = ["read", "write", "delete", "share", "comment", "admin"]
_INDEX = {name: i for i, name in enumerate(PERMISSIONS)}


def _index(permission):
    try:
        return _INDEX[permission]
    except KeyError:
        raise KeyError(f"unknown permission {permission!r}") from None


class Policy:
    def __init__(self):
        self._roles = {}
        self._user_roles = {}
        self._denied = {}

    def define_role(self, role, permissions):
        self._roles[role] = BitSet(len(PERMISSIONS), (_index(p) for p in permissions))

    def assign(self, user, role):
        if role not in self._roles:
            raise KeyError(f"unknown role {role!r}")
        self._user_roles.setdefault(user, []).append(role)

    def roles_of(self, user):
        return list(self._user_roles.get(user, []))

    def allowed(self, user, permission):
        return _index(permission) in self.effective(user)

    def describe(self, user):
        return sorted(PERMISSIONS[i] for i in self.effective(user))

    def effective(self, user):
        """All permission indexes the user has, as a BitSet."""
        result = BitSet(len(PERMISSIONS))
        for role in self._user_roles.get(user, []):
            for index in self._roles[role]:
                result.add(index)
        return result - self._denied.get(user, BitSet(len(PERMISSIONS)))

    def deny(self, user, permission):
        """Withdraw one permission from a user, whatever their roles grant."""
        denied = self._denied.setdefault(user, BitSet(len(PERMISSIONS)))
        denied.add(_index(permission))
