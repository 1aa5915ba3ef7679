"""The pieces under the C_SKU_Mappings.csv import: the fast row test agrees with the cleaners, COPY
text escaping, the garbage collector pause, and values COPY would misread if not escaped."""

import gc

from hypothesis import example, given
from hypothesis import strategies as st

from openoms.activity.import_runner import gc_paused
from openoms.activity.models import ImportStatus
from openoms.catalog.validation import clean_sku
from openoms.channels.services.sku_mappings import clean_channel_sku
from openoms.channels.sku_mapping_csv import sku_mappings_csv
from openoms.channels.sku_mapping_rows import _plainly_valid
from openoms.channels.sku_mapping_sql import copy_text
from openoms.core.errors import InvalidValue
from tests.channels.sku_mapping_files import (
    HEADER,
    counts,
    issues,
    make_variants,
    mapped_fixture,  # noqa: F401 -- a fixture
    mappings,
    run_import,
    snapshot,
    uploads_fixture,  # noqa: F401 -- a fixture
)

# plain, quoting and escaping characters; whitespace that is control, separator or plain space;
# format characters (zero-width space, BOM) and a character outside the Basic Multilingual Plane
ODD_CHARACTERS = "aZ9-_/.,\"'\\ é€\t\n\r\x0b\x1f\x85\xa0\u2028\u3000\u200b\ufeff\U0001f600"
ODD_TEXT = st.text(
    alphabet=st.sampled_from(ODD_CHARACTERS),
    max_size=6,
) | st.text(max_size=300)


def accepted(sku: str, channel_sku: str) -> bool:
    try:
        clean_sku(sku)
        clean_channel_sku(channel_sku)
    except InvalidValue:
        return False
    return True


@given(ODD_TEXT, ODD_TEXT)
@example("A", "B")
@example("A" * 100, "B" * 255)
@example("A" * 101, "B")
@example("A", "B" * 256)
@example(" A", "B")
@example("A", "B ")
@example("A B", "B\u00a0")
def test_the_fast_row_test_accepts_exactly_what_both_cleaners_accept(sku, channel_sku):
    # when / then
    assert _plainly_valid([sku, channel_sku]) == accepted(sku, channel_sku)


def test_copy_text_doubles_backslashes_and_nothing_else():
    # when / then
    assert copy_text([["A,B", 'x "y"'], ["C\\N", "\\N"]]) == ('A,B\tx "y"\nC\\\\N\t\\\\N\n')
    assert copy_text([["A", "B"]]) == "A\tB\n"


def test_gc_pauses_nest_and_restore_the_collector_as_it_was():
    # given
    was_enabled = gc.isenabled()
    try:
        gc.enable()
        # when
        with gc_paused():
            with gc_paused():
                inner = gc.isenabled()
            between = gc.isenabled()
        after = gc.isenabled()
        gc.disable()
        with gc_paused():
            pass
        still_disabled = not gc.isenabled()
    finally:
        (gc.enable if was_enabled else gc.disable)()
    # then
    assert (inner, between, after, still_disabled) == (False, False, True, True)


def test_backslashes_and_null_markers_are_kept_literally(mapped, uploads):
    # given
    mapped.variants.update(make_variants(mapped.account, "A\\B", "\\N"))
    text = HEADER + 'A\\B,\\N\n\\N,"C\\\\D"\nA\\B,NULL\n'
    # when
    file_import = run_import(mapped, text)
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 3, 3, 0, 0, 0)
    assert mappings(mapped.channel) == {"\\N": "A\\B", "C\\\\D": "\\N", "NULL": "A\\B"}
    exported = "".join(sku_mappings_csv(actor=mapped.actor, channel=mapped.channel))
    before = snapshot()
    again = run_import(mapped, exported)
    assert counts(again) == (ImportStatus.SUCCEEDED, 3, 0, 0, 3, 0)
    assert snapshot() == before


def test_an_unknown_sku_with_a_backslash_is_reported_by_its_line(mapped, uploads):
    # when
    file_import = run_import(mapped, HEADER + "SKU-1,CH-1\nNO\\PE,CH-2\n")
    # then
    assert counts(file_import) == (ImportStatus.SUCCEEDED, 2, 1, 0, 0, 1)
    assert issues(file_import) == [
        (3, "Unknown OpenOMS SKU 'NO\\\\PE': no product variant of this account has it.")
    ]
    assert file_import.issues.get().row_excerpt == "NO\\PE,CH-2"
