"""The benchmark's synthetic corpora: deterministic, and about places of every level."""

import doctest
import sys

from conftest import ROOT, SEEDS

sys.path.insert(0, str(ROOT / "bench"))

import synth  # noqa: E402
from synth import SeedSet, transform  # noqa: E402


def test_the_same_seed_gives_the_same_corpus(tmp_path):
    a, b = SeedSet(SEEDS), SeedSet(SEEDS)
    assert [a.copy(i) for i in range(40)] == [b.copy(i) for i in range(40)]
    a.write_corpus(tmp_path / "a", 30)
    b.write_corpus(tmp_path / "b", 30)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert len(files) == 30 and files == sorted(p.name for p in (tmp_path / "b").iterdir())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)


def test_copies_are_about_provinces_cities_and_counties_too():
    seeds = SeedSet(SEEDS)
    copies = [seeds.copy(i) for i in range(100)]
    assert {c.place.level for c in copies} == {"区", "市", "县", "省"}
    assert seeds.capacity >= 1000
    for c in copies:
        head = "\n".join(transform(seeds.texts[c.seed_name], c).splitlines()[:8])
        assert c.place.name in head and c.source_district not in head, (c, head)
        if c.place.level != "区":
            assert "区长" not in head and "全区" not in transform(seeds.texts[c.seed_name], c)


def test_synth_examples():
    assert doctest.testmod(synth).failed == 0
