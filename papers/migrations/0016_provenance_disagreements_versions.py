"""Where each paper field came from, a paper's earlier versions, and the disagreements a curator decides."""

import importlib

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from pubdb.migration_operations import run_on

search = importlib.import_module("papers.migrations.0008_paper_search_with_author_names")


class Migration(migrations.Migration):

    dependencies = [
        ('papers', '0015_profile_covering_indexes_profilespeed'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalpaper',
            name='provenance',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='historicalpaper',
            name='versions',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name='paper',
            name='provenance',
            field=models.JSONField(blank=True, default=dict, editable=False),
        ),
        migrations.AddField(
            model_name='paper',
            name='versions',
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        # SQLite adds the columns by remaking the table, which drops its search triggers: made again.
        migrations.RunPython(run_on("sqlite", search.SQLITE_FORWARDS), migrations.RunPython.noop),
        migrations.CreateModel(
            name='Disagreement',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('field', models.CharField(max_length=40)),
                ('current', models.JSONField(help_text="The paper's value when the source proposed another.")),
                ('proposed', models.JSONField()),
                ('proposed_key', models.CharField(editable=False, max_length=64)),
                ('source', models.CharField(help_text='The source that proposed it: crossref, openalex, ...', max_length=20)),
                ('identifier', models.CharField(blank=True, help_text='What was fetched: doi:10.…, arxiv:….', max_length=255)),
                ('created', models.DateTimeField(auto_now_add=True)),
                ('status', models.CharField(choices=[('open', 'Open'), ('accepted', 'Accepted'), ('rejected', 'Rejected')], default='open', max_length=10)),
                ('decided_at', models.DateTimeField(blank=True, null=True)),
                ('decided_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL)),
                ('paper', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='disagreements', to='papers.paper')),
            ],
            options={
                'ordering': ['-created', '-id'],
                'indexes': [models.Index(fields=['status', '-created'], name='disagreement_queue')],
                'constraints': [models.UniqueConstraint(fields=('paper', 'field', 'proposed_key'), name='disagreement_once_per_value')],
            },
        ),
    ]
