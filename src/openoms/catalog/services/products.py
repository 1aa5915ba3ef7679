"""Products and their variants: create, edit, archive. Measures arrive in the account's units.

When a channel is the Master Product Source, only the product sync (``from_master=True``) may
create products or change master-owned fields; archiving stays allowed (see ``catalog.master``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction

from openoms.catalog import validation as v
from openoms.catalog.master import refuse_master_owned_changes, refuse_when_read_only
from openoms.catalog.models import Product, ProductStatus, ProductVariant
from openoms.catalog.services.sku_lookalikes import sku_lookalikes_warn
from openoms.core import units
from openoms.core.errors import InvalidValue, NotFound, ValidationFailed
from openoms.tenancy.actor import Actor
from openoms.tenancy.models import Account
from openoms.tenancy.permissions import Perm


@dataclass
class CleanVariant:
    """A variant's clean values by stored field; when editing, only the fields that were sent."""

    id: int | None
    values: dict


def _variant_checks(account: Account) -> dict:
    """Input key -> (stored field, check). Measures arrive in the account's units."""
    size = {"unit": account.size_unit, "table": units.SIZE_UNITS}
    weight = {"unit": account.weight_unit, "table": units.WEIGHT_UNITS}
    return {
        "sku": ("sku", v.clean_sku),
        "name": ("name", lambda raw: v.clean_name(raw or "", required=False, label="variant name")),
        "barcode": ("barcode", lambda raw: v.clean_barcode(raw or "")),
        "weight": ("weight_g", lambda raw: v.clean_measure(raw, **weight, label="weight")),
        "length": ("length_mm", lambda raw: v.clean_measure(raw, **size, label="length")),
        "width": ("width_mm", lambda raw: v.clean_measure(raw, **size, label="width")),
        "height": ("height_mm", lambda raw: v.clean_measure(raw, **size, label="height")),
        "price": ("price", v.clean_price),
    }


def _clean_variant(raw: dict, account: Account, errors: dict, prefix: str) -> CleanVariant | None:
    editing = raw.get("id") is not None
    values: dict = {}
    failed = False
    for key, (field, check) in _variant_checks(account).items():
        if editing and key not in raw:
            continue
        try:
            values[field] = check(raw.get(key))
        except InvalidValue as exc:
            errors[f"{prefix}.{key}"] = str(exc)
            failed = True
    return None if failed else CleanVariant(id=raw.get("id"), values=values)


def _clean_product(account: Account, fields: dict, errors: dict) -> dict:
    clean: dict = {}
    for field, check in (
        ("name", lambda: v.clean_name(fields["name"], label="product name")),
        ("description", lambda: _description(fields["description"])),
        ("status", lambda: _status(fields["status"])),
    ):
        if field in fields and fields[field] is not None:
            try:
                clean[field] = check()
            except InvalidValue as exc:
                errors[field] = str(exc)
    return clean


def _description(raw: object) -> str:
    text = str(raw or "").strip()
    if "\x00" in text:
        raise InvalidValue("The description contains a NUL character.")
    return text


def _status(raw: object) -> str:
    if raw not in ProductStatus.values:
        raise InvalidValue("Choose Active or Archived.")
    return raw


def _clean_variants(
    account: Account, raws: list[dict], errors: dict, product: Product | None
) -> list[CleanVariant]:
    _check_ids(raws, errors, product)
    cleaned = []
    for index, raw in enumerate(raws):
        variant = _clean_variant(raw, account, errors, f"variants.{index}")
        if variant is not None:
            cleaned.append((index, variant))
    _check_skus_free(account, cleaned, errors, product)
    return [variant for _, variant in cleaned]


def _check_ids(raws: list[dict], errors: dict, product: Product | None) -> None:
    existing = set(product.variants.values_list("pk", flat=True)) if product else set()
    for index, raw in enumerate(raws):
        if raw.get("id") is None:
            continue
        if product is None:
            errors[f"variants.{index}.id"] = "A new product's variants are new: leave out the id."
        elif raw["id"] not in existing:
            errors[f"variants.{index}.id"] = "This variant does not belong to the product."


def _check_skus_free(account, cleaned, errors, product) -> None:
    seen: dict[str, int] = {}
    own_ids = {variant.id for _, variant in cleaned if variant.id}
    skus = [(i, variant.values["sku"]) for i, variant in cleaned if "sku" in variant.values]
    taken = ProductVariant.objects.filter(account=account, sku__in=[sku for _, sku in skus])
    taken = taken.exclude(pk__in=own_ids)
    taken_by = {row.sku: row.product.name for row in taken.select_related("product")}
    for index, sku in skus:
        if sku in seen:
            errors[f"variants.{index}.sku"] = f"SKU {sku!r} is also on variant {seen[sku] + 1}."
        elif sku in taken_by:
            errors[f"variants.{index}.sku"] = (
                f"SKU {sku!r} already exists in product {taken_by[sku]!r}."
            )
        seen.setdefault(sku, index)


def _save_variants(product: Product, variants: list[CleanVariant], actor: Actor) -> None:
    """Create the new variants, update the edited ones; warn about new look-alike SKUs."""
    for variant in variants:
        if variant.id is None:
            ProductVariant.objects.create(
                account=product.account, product=product, **variant.values
            )
        elif variant.values:
            ProductVariant.objects.filter(pk=variant.id, product=product).update(**variant.values)
    new_skus = [variant.values["sku"] for variant in variants if variant.id is None]
    if new_skus:
        sku_lookalikes_warn(account=product.account, new_skus=new_skus, actor_label=actor.label)


def _guarded_save(work) -> None:
    try:
        with transaction.atomic():
            work()
    except IntegrityError as exc:
        raise ValidationFailed(
            {"variants": "A SKU was just taken by another product; try again."}
        ) from exc


@transaction.atomic
def product_create(
    *,
    actor: Actor,
    account: Account,
    name: str,
    description: str = "",
    status: str = ProductStatus.ACTIVE,
    variants: list[dict],
    from_master: bool = False,
) -> Product:
    """A product with at least one variant; every invalid field is reported at once.

    Refused when a channel is the Master Product Source, unless the product sync writes it.
    """
    actor.require_account(account)
    actor.require(Perm.CATALOG_EDIT)
    if not from_master:
        refuse_when_read_only(account)
    errors: dict[str, str] = {}
    fields = _clean_product(
        account, {"name": name, "description": description, "status": status}, errors
    )
    if not variants:
        errors["variants"] = "Add at least one variant with its SKU."
    cleaned = _clean_variants(account, variants or [], errors, None)
    if errors:
        raise ValidationFailed(errors)
    product = Product(account=account, **fields)
    _guarded_save(lambda: (product.save(), _save_variants(product, cleaned, actor)))
    return product


@transaction.atomic
def product_update(
    *,
    actor: Actor,
    product: Product,
    name: str | None = None,
    description: str | None = None,
    status: str | None = None,
    variants: list[dict] | None = None,
    from_master: bool = False,
) -> Product:
    """Change the product's fields and add or edit variants (a variant with ``id`` is edited).

    Variants are never deleted here: their SKUs may be in stock or in orders. When a channel is
    the Master Product Source, changing a master-owned field is refused unless ``from_master``
    (the product sync); the status may always change.
    """
    product = _locked(actor, product)
    actor.require(Perm.CATALOG_EDIT)
    errors: dict[str, str] = {}
    fields = _clean_product(
        product.account, {"name": name, "description": description, "status": status}, errors
    )
    cleaned = _clean_variants(product.account, variants or [], errors, product)
    if not from_master:
        refuse_master_owned_changes(
            product,
            fields,
            [(variant.id, variant.values) for variant in cleaned],
            attempted=bool(set(errors) - {"status"}),
        )
    if errors:
        raise ValidationFailed(errors)
    for field, value in fields.items():
        setattr(product, field, value)

    def work():
        product.save()
        _save_variants(product, cleaned, actor)

    _guarded_save(work)
    return product


def _locked(actor: Actor, product: Product) -> Product:
    locked = Product.objects.select_for_update().select_related("account").filter(pk=product.pk)
    row = locked.first()
    if row is None or not actor.sees_account(row.account):
        raise NotFound("Product not found.")
    return row


def product_set_status(*, actor: Actor, product: Product, status: str) -> Product:
    """Archive (hidden from channels, kept with its history) or restore a product."""
    return product_update(actor=actor, product=product, status=status)
