"""What importing a batch of a channel's orders reads once for the whole batch instead of once
per order: the orders already imported (by channel order id), the channel SKUs' variants, and
which of the order numbers the batch could use are taken (``order_batch_read``).

It only spares reads; it decides nothing alone. An order imported, or a number taken, by a
concurrent import after this read meets the unique keys at its insert (``order_imported_once``,
the account's order numbers): nothing is stored, and ``order_import`` finds the winner's order
or leaves the order waiting for the next run, as without a batch. A SKU mapping changed after
the read applies from the next batch (about a second), like the settings of ``read_memo``.
The batch keeps itself current with what it imports (``imported_now``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from openoms.catalog.models import ProductVariant
from openoms.channels.models import Channel, SkuMapping
from openoms.connectors.order_types import ChannelOrder
from openoms.orders.drafts import KnownRows
from openoms.orders.models import SalesOrder

MAX_NUMBER = 100


@dataclass
class OrderBatch:
    refs: set[str] = field(default_factory=set)
    imported: dict[str, SalesOrder] = field(default_factory=dict)
    skus: set[str] = field(default_factory=set)
    variants: dict[str, ProductVariant] = field(default_factory=dict)  # by channel SKU
    numbers: set[str] = field(default_factory=set)
    taken: set[str] = field(default_factory=set)

    def knows_ref(self, ref: str) -> bool:
        return ref in self.refs

    def knows_skus(self, channel_skus: Iterable[str]) -> bool:
        return self.skus.issuperset(channel_skus)

    def knows_numbers(self, numbers: Iterable[str]) -> bool:
        return self.numbers.issuperset(numbers)

    def known_rows(self) -> KnownRows:
        """For ``sales_order_create``: the variants by OpenOMS SKU, the numbers still free."""
        variants = {variant.sku: variant for variant in self.variants.values()}
        return KnownRows(variants, self.numbers - self.taken)

    def imported_now(self, order: SalesOrder) -> None:
        self.imported[order.external_ref] = order
        self.taken.add(order.order_number)


def order_batch_read(channel: Channel, orders: list[ChannelOrder]) -> OrderBatch:
    """The batch of ``orders`` of ``channel``, read in four statements (one when every order
    was imported before)."""
    batch = OrderBatch(refs={order.ref for order in orders})
    batch.imported = {
        order.external_ref: order
        for order in SalesOrder.objects.filter(channel=channel, external_ref__in=batch.refs)
    }
    new = [order for order in orders if order.ref not in batch.imported]
    if not new:  # each imported before: nothing to translate or number
        return batch
    batch.skus = {line.sku for order in new for line in order.lines if line.sku}
    batch.variants = channel_variants(channel, batch.skus)
    batch.numbers = {number for order in new for number in number_candidates(channel, order)}
    batch.taken = set(
        SalesOrder.objects.filter(
            account_id=channel.account_id, order_number__in=batch.numbers
        ).values_list("order_number", flat=True)
    )
    return batch


def channel_variants(channel: Channel, channel_skus: set[str]) -> dict[str, ProductVariant]:
    """{channel SKU: variant} for the SKUs that translate (a mapping of the channel, else the
    same SKU in the account's catalog)."""
    mapped = SkuMapping.objects.filter(channel=channel, channel_sku__in=channel_skus)
    found = {row.channel_sku: row.variant for row in mapped.select_related("variant")}
    if rest := channel_skus - set(found):
        same = ProductVariant.objects.filter(account_id=channel.account_id, sku__in=rest)
        found.update((variant.sku, variant) for variant in same)
    return found


def number_candidates(channel: Channel, order: ChannelOrder) -> list[str]:
    """The order numbers an order of the channel may take, in order of preference (see
    ``order_drafts``)."""
    plain = order.number.strip().lstrip("#").strip()[:60] or order.ref.rsplit("/", 1)[-1]
    prefix = " ".join(channel.name.split())[:30]
    candidates = [plain, f"{prefix}-{plain}", f"{prefix}-{plain}-{order.ref.rsplit('/', 1)[-1]}"]
    return [c[:MAX_NUMBER] for c in candidates]
