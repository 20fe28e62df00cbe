from django.core.management.base import BaseCommand

from curation.jobs import requeue_stale


class Command(BaseCommand):
    help = (
        "Queue again the jobs whose worker stopped mid-run (killed, machine restarted): running, with no progress "
        "for PUBDB_JOB_STALE_SECONDS. Jobs write atomically, so the second run doubles nothing. Run it before "
        "each worker starts (Procfile, deploy/pubdb-worker.service)."
    )

    def handle(self, *args, **options):
        for job in requeue_stale():
            self.stdout.write(f"Queued again: {job}")
