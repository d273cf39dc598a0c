"""Watchlists, the spike rule (its one row of thresholds, editable afterwards), alerts, and
the tasks and press orientations recorded from stories (issue 18, items 6 and 7). The lead
chains it after 0003."""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.conf import settings
from django.db import migrations, models


def create_rule(apps, schema_editor):
    SpikeRule = apps.get_model("media", "SpikeRule")
    if not SpikeRule.objects.exists():
        SpikeRule.objects.create()


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0011_topic_orientation'),
        ('media', '0003_feed_schedule'),
        ('org', '0008_list_indexes'),
        ('plans', '0007_vietnamese_model_names'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SpikeRule',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('window_hours', models.PositiveIntegerField(default=24, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(168)], verbose_name='khung đếm (giờ)')),
                ('baseline_windows', models.PositiveIntegerField(default=7, validators=[django.core.validators.MinValueValidator(1), django.core.validators.MaxValueValidator(60)], verbose_name='số khung làm nền')),
                ('ratio', models.DecimalField(decimal_places=2, default=Decimal('3'), max_digits=5, validators=[django.core.validators.MinValueValidator(Decimal('1'))], verbose_name='gấp bao nhiêu lần nền')),
                ('min_stories', models.PositiveIntegerField(default=3, validators=[django.core.validators.MinValueValidator(1)], verbose_name='số câu chuyện tối thiểu')),
                ('quiet_hours', models.PositiveIntegerField(default=24, validators=[django.core.validators.MaxValueValidator(720)], verbose_name='không báo lại trong (giờ)')),
            ],
            options={
                'verbose_name': 'ngưỡng cảnh báo tin tăng đột biến',
                'verbose_name_plural': 'ngưỡng cảnh báo tin tăng đột biến',
            },
        ),
        migrations.CreateModel(
            name='StoryOrientation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cluster', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='media.cluster')),
                ('orientation', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='press_story_link', to='cases.pressorientation')),
            ],
            options={
                'verbose_name': 'định hướng thông tin từ câu chuyện',
                'verbose_name_plural': 'định hướng thông tin từ câu chuyện',
            },
        ),
        migrations.CreateModel(
            name='StoryTask',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('cluster', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='media.cluster')),
                ('task', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='press_story_link', to='plans.task')),
            ],
            options={
                'verbose_name': 'nhiệm vụ giao từ câu chuyện',
                'verbose_name_plural': 'nhiệm vụ giao từ câu chuyện',
            },
        ),
        migrations.CreateModel(
            name='Watchlist',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('field', 'Lĩnh vực'), ('area', 'Địa bàn'), ('organization', 'Cơ quan, tổ chức'), ('query', 'Từ khóa')], max_length=12, verbose_name='theo dõi theo')),
                ('query', models.CharField(blank=True, max_length=200, verbose_name='từ khóa')),
                ('spiking', models.BooleanField(default=False, editable=False)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('area', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.area', verbose_name='địa bàn')),
                ('field', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.field', verbose_name='lĩnh vực')),
                ('organization', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='org.organization', verbose_name='cơ quan, tổ chức')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='press_watchlists', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'chủ đề theo dõi',
                'verbose_name_plural': 'chủ đề theo dõi',
                'ordering': ['kind', 'pk'],
            },
        ),
        migrations.CreateModel(
            name='Alert',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('spike', 'Tin tăng đột biến'), ('negative', 'Tin tiêu cực về địa phương')], max_length=10, verbose_name='loại')),
                ('key', models.CharField(max_length=120)),
                ('topic', models.CharField(max_length=300, verbose_name='chủ đề')),
                ('story_count', models.PositiveIntegerField(default=0, verbose_name='số câu chuyện')),
                ('baseline', models.DecimalField(decimal_places=2, default=0, max_digits=8, verbose_name='mức nền')),
                ('window_start', models.DateTimeField(blank=True, null=True, verbose_name='từ')),
                ('window_end', models.DateTimeField(blank=True, null=True, verbose_name='đến')),
                ('raised_at', models.DateTimeField(auto_now_add=True, db_index=True, verbose_name='báo lúc')),
                ('acknowledged_at', models.DateTimeField(blank=True, null=True, verbose_name='đã xem lúc')),
                ('clusters', models.ManyToManyField(blank=True, related_name='+', to='media.cluster', verbose_name='câu chuyện nổi bật')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='press_alerts', to=settings.AUTH_USER_MODEL)),
                ('watchlist', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='alerts', to='media.watchlist')),
            ],
            options={
                'verbose_name': 'cảnh báo báo chí',
                'verbose_name_plural': 'cảnh báo báo chí',
                'ordering': ['-raised_at', '-pk'],
                'indexes': [models.Index(fields=['recipient', '-raised_at'], name='media_alert_inbox')],
                'constraints': [models.UniqueConstraint(fields=('recipient', 'key'), name='media_one_alert_per_key')],
            },
        ),
        migrations.RunPython(create_rule, migrations.RunPython.noop),
    ]
