from django.db import models


class LoginFailure(models.Model):
    """A failed sign-in; recent rows decide whether an e-mail or address is throttled."""

    email = models.CharField(max_length=254, db_index=True)
    ip_address = models.CharField(max_length=64, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.email} from {self.ip_address}"
