"""Re-index a record after it is saved (once its transaction commits), drop it when deleted.

Connected for any model, filtered by the registry, so providers registered later (by apps
loaded after this one) are covered too. Bulk writes send no signals: whoever writes in
bulk (the generator, an import) calls `index.rebuild` or `index.refresh` itself.
"""
from functools import partial

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import index, registry


@receiver(post_save, dispatch_uid="sapat.search.saved")
def saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A sign-in saves the person's last_login only: nothing anyone searches for.
    if raw or (update_fields and set(update_fields) <= {"last_login"}):
        return
    for provider in registry.providers_for_model(sender):
        transaction.on_commit(partial(index.refresh, provider.key, [instance.pk]))


@receiver(post_delete, dispatch_uid="sapat.search.deleted")
def deleted(sender, instance, **kwargs):
    for provider in registry.providers_for_model(sender):
        transaction.on_commit(partial(index.remove, provider.key, [instance.pk]))
