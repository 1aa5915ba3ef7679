from django.db import models


class Organization(models.Model):
    """The company that holds the contract: its accounts, users and (later) warehouses hang off it."""

    name = models.CharField(max_length=120)
    code = models.CharField(max_length=50, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
