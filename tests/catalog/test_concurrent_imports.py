"""Two product imports creating the same new SKUs at the same moment, on PostgreSQL (two real
connections): neither fails as a whole; each SKU exists once; a row that lost the race is applied
on its own or rejected with its line and the reason, never as a generic batch failure."""

from openoms.activity.models import FileImport, ImportStatus
from openoms.catalog.models import ProductVariant
from openoms.tenancy.actor import Actor
from tests.catalog.test_product_import import HEADER, run_import
from tests.concurrency import POSTGRES_RACE, in_parallel

pytestmark = POSTGRES_RACE

ROWS = 300
RACE_REASON = (
    "This row conflicts with a change saved at the same time (e.g. the same SKU created by "
    "another import or user); import the file again to apply it."
)


def test_two_imports_of_the_same_new_skus_at_once_give_per_row_outcomes(tenant, uploads):
    # given two files creating the same 300 new SKUs
    text = HEADER + "".join(f"Mug,NEW-{i:03},,,,,,,,{i}.00,\n" for i in range(ROWS))
    actor = Actor.system("race")
    # when
    results, errors = in_parallel(lambda _: run_import(actor, tenant.account, text), 2)
    # then neither import failed whole, and each SKU exists exactly once
    assert errors == []
    finished = [FileImport.objects.get(pk=done.pk) for done in results]
    assert [done.status for done in finished] == [ImportStatus.SUCCEEDED] * 2
    skus = list(ProductVariant.objects.filter(account=tenant.account).values_list("sku", flat=True))
    assert sorted(skus) == [f"NEW-{i:03}" for i in range(ROWS)]
    # every row of both files has one outcome; the rows that lost the race say why, by line
    for done in finished:
        outcomes = done.created_count + done.updated_count + done.unchanged_count
        assert (done.rows_processed, outcomes + done.rejected_count) == (ROWS, ROWS)
        reasons = set(done.issues.filter(severity="error").values_list("reason", flat=True))
        assert reasons <= {RACE_REASON}
        lines = list(done.issues.values_list("line", flat=True))
        assert all(2 <= line <= ROWS + 1 for line in lines)
    assert sum(done.created_count for done in finished) == ROWS
