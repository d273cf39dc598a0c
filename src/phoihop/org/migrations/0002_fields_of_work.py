"""Seed the fields of work (lĩnh vực). They stay editable reference data afterwards."""

from django.db import migrations

FIELDS = [
    ("giao-duc", "Giáo dục và đào tạo"),
    ("y-te", "Y tế"),
    ("khoa-hoc-cong-nghe", "Khoa học và công nghệ"),
    ("van-hoa-the-thao-du-lich", "Văn hóa, thể thao và du lịch"),
    ("lao-dong-xa-hoi", "Lao động, người có công và xã hội"),
    ("noi-vu", "Nội vụ"),
    ("moi-truong", "Tài nguyên và môi trường"),
    ("nong-nghiep", "Nông nghiệp và môi trường"),
    ("bao-hiem-xa-hoi", "Bảo hiểm xã hội"),
    ("thong-tin-truyen-thong", "Thông tin và truyền thông"),
    ("bao-chi-xuat-ban", "Báo chí, xuất bản"),
    ("tu-phap", "Tư pháp, pháp luật"),
    ("dan-van", "Dân vận, tôn giáo, dân tộc"),
    ("kinh-te", "Kinh tế, phát triển kinh tế - xã hội"),
    ("quoc-phong-an-ninh", "Quốc phòng, an ninh"),
]


def seed(apps, schema_editor):
    Field = apps.get_model("org", "Field")
    for position, (code, name) in enumerate(FIELDS, start=1):
        Field.objects.update_or_create(code=code, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
