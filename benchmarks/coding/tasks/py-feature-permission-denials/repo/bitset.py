"""Fixed-size sets of small non-negative integers, stored in one Python int."""


class BitSet:
    def __init__(self, size, members=()):
        if size < 0:
            raise ValueError("size must be non-negative")
        self.size = size
        self._bits = 0
        for member in members:
            self.add(member)

    def _mask(self, index):
        if not 0 <= index < self.size:
            raise IndexError(f"{index} out of range for a BitSet of size {self.size}")
        return 1 << index

    def add(self, index):
        self._bits |= self._mask(index)

    def discard(self, index):
        self._bits &= ~self._mask(index)

    def __contains__(self, index):
        return 0 <= index < self.size and bool(self._bits >> index & 1)

    def __len__(self):
        return bin(self._bits).count("1")

    def __iter__(self):
        bits, index = self._bits, 0
        while bits:
            if bits & 1:
                yield index
            bits >>= 1
            index += 1

    def __eq__(self, other):
        return isinstance(other, BitSet) and (self.size, self._bits) == (other.size, other._bits)

    def __repr__(self):
        return f"BitSet({self.size}, {list(self)})"

    def copy(self):
        clone = BitSet(self.size)
        clone._bits = self._bits
        return clone
