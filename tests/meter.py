"""The BS.1770 integrated-loudness meter as a test helper (narrate itself levels per chunk)."""

from __future__ import annotations

import numpy as np

from narrate.encode import _gated, _gated_subblocks, _subblock_energy


def loudness(x: np.ndarray, rate: int) -> float | None:
    """Integrated loudness (LUFS) of float samples in [-1, 1]; None for silence.

    400 ms blocks overlapping by 75% are built from 100 ms sub-blocks; audio shorter
    than one block is measured as a single block.
    """
    hop = rate // 10
    if len(x) < 4 * hop:
        return _gated(_subblock_energy(x, rate, len(x))) if len(x) else None
    return _gated_subblocks(_subblock_energy(x, rate, hop))
