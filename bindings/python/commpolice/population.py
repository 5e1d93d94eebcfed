"""Organisations, the standard address tree and the population from Python.

Importing :mod:`commpolice` puts these methods on :class:`commpolice.Database`
(they call the ``core.pop_*`` functions). Dates are ``"YYYY-MM-DD"`` strings,
ids are ints, records are dicts, lists are lists of dicts; every failure
raises a :class:`commpolice.Error` subclass naming the field::

    with commpolice.Database("office.db", user="320601") as db:
        region = db.region_add("national")
        ...
        pid = db.person_add("110105199003071239", "张伟", office_id=office)
        db.move_in(pid, house, "permanent", "2024-01-05")
        for item in db.owed_items(None, office, "2024-06-10"):  # what is owed (owed.h)
            print(item["what"], item["due"], item["rule"]["key"])
        for p in db.iter_persons(office_id=office):
            ...

Functions that need region rules take ``region="nantong"`` or use the rules
of the office concerned.
"""

from . import core

__all__ = ["idnum_parse", "idnum_check_char", "IDNUM_ACCEPT_15", "IDNUM_ACCEPT_LOWER_X",
           "IDNUM_NO_CHECK_CHAR", "IDNUM_DEFAULT"]

IDNUM_ACCEPT_15, IDNUM_ACCEPT_LOWER_X, IDNUM_NO_CHECK_CHAR = 1, 2, 4
IDNUM_DEFAULT = IDNUM_ACCEPT_15 | IDNUM_ACCEPT_LOWER_X


def idnum_parse(text, flags=IDNUM_DEFAULT, today=None):
    """Check a GB 11643-1999 ID number; a dict (number, original, region,
    birth_date, sex, upgraded) or InvalidError saying which check failed."""
    return core.pop_idnum_parse(text, flags, today)


def idnum_check_char(digits17):
    """The ISO 7064 MOD 11-2 check character of 17 digits ('0'-'9' or 'X')."""
    return core.pop_idnum_check_char(digits17)["check"]


def _o(v):
    return v if v else None


class _Methods:
    """The methods added to core.Database (see the module docstring)."""

    # ---------------------------------------------------------------- org
    def region_add(self, code, name=None):
        return core.pop_region_add(self, code, name)

    def station_add(self, region_id, name, code=None):
        return core.pop_station_add(self, region_id, name, code)

    def office_add(self, station_id, name, code=None, office_class=None, model=None, area_m2=0.0,
                   region=None):
        """Add an office; ``office_class`` and ``model`` must be codes of the rules
        (``region``'s, else the station's region's): InvalidError naming the field otherwise."""
        return core.pop_office_add(self, station_id, name, code, office_class, model, float(area_m2),
                                   region)

    def office_set_class(self, office_id, office_class=None, model=None, region=None):
        core.pop_office_set_class(self, office_id, office_class, model, region)

    def office_region(self, office_id):
        return core.pop_office_region(self, office_id)

    def district_add(self, office_id, name, code=None):
        return core.pop_district_add(self, office_id, name, code)

    def community_add(self, station_id, name, kind="urban", area_prefix=None, code=None):
        return core.pop_community_add(self, station_id, kind, name, area_prefix, code)

    def district_cover(self, district_id, community_id, from_):
        return core.pop_district_cover(self, district_id, community_id, from_)

    def district_uncover(self, district_id, community_id, to):
        core.pop_district_uncover(self, district_id, community_id, to)

    def community_district(self, community_id, on):
        return core.pop_community_district(self, community_id, on)

    def org_get(self, level, id):
        return core.pop_org_get(self, level, id)

    def org_list(self, level, parent_id=0):
        """The live records of a level ("station", "office"...) under a parent (0: all), by id."""
        return core.pop_org_list(self, level, parent_id)

    def org_find(self, level, code):
        return core.pop_org_find(self, level, code)

    def org_archive(self, level, id, on=None):
        core.pop_org_archive(self, level, id, on)

    def staff_add(self, office_id, name, kind, active_from, badge=None, district_id=0,
                  dedicated_community=False, phone=None):
        return core.pop_staff_add(self, office_id, name, kind, active_from, badge, district_id,
                                  int(bool(dedicated_community)), phone)

    def staff_assign(self, staff_id, office_id, from_, district_id=0, dedicated_community=False,
                     reason=None):
        return core.pop_staff_assign(self, staff_id, office_id, district_id,
                                     int(bool(dedicated_community)), from_, reason)

    def staff_end(self, staff_id, to, reason=None):
        core.pop_staff_end(self, staff_id, to, reason)

    def staff_get(self, staff_id):
        return core.pop_staff_get(self, staff_id)

    def staff_list(self, office_id=0, on=None, district_id=0, staff_id=0, kind=None,
                   dedicated_only=False, include_archived=False):
        """Staff of an office on a day (``on``), or every assignment (``on=None``)."""
        return core.pop_staff_list(self, office_id, on, district_id, staff_id, kind,
                                   int(bool(dedicated_only)), int(bool(include_archived)))

    # ------------------------------------------------------------ address
    def address_add(self, community_id, parent_id, level, name):
        return core.pop_address_add(self, community_id, parent_id, level, name)

    def address_find(self, community_id, parent_id, name):
        return core.pop_address_find(self, community_id, parent_id, name)

    def address_ensure(self, community_id, street=None, building=None, unit=None, room=None):
        return core.pop_address_ensure(self, community_id, street, building, unit, room)

    def address_get(self, id):
        return core.pop_address_get(self, id)

    def address_rename(self, id, name):
        core.pop_address_rename(self, id, name)

    def address_archive(self, id):
        core.pop_address_archive(self, id)

    def address_children(self, community_id, parent_id=0):
        return core.pop_address_children(self, community_id, parent_id)

    def address_subtree(self, id):
        return core.pop_address_subtree(self, id)

    def house_add(self, address_id, use=None, status=None, owner_name=None, owner_id_number=None,
                  owner_phone=None, note=None):
        return core.pop_house_add(self, address_id, use, status, owner_name, owner_id_number,
                                  owner_phone, note)

    def house_find(self, address_id):
        return core.pop_house_find(self, address_id)

    def house_get(self, id):
        return core.pop_house_get(self, id)

    def house_set_status(self, id, use=None, status=None):
        core.pop_house_set_status(self, id, use, status)

    def house_set_owner(self, id, name, id_number=None, phone=None):
        core.pop_house_set_owner(self, id, name, id_number, phone)

    def rental_register(self, house_id, landlord_name, registered_on, valid_to=None,
                        registration_no=None, landlord_id_number=None, landlord_phone=None):
        return core.pop_rental_register(self, house_id, landlord_name, registered_on, valid_to,
                                        registration_no, landlord_id_number, landlord_phone)

    def rental_renew(self, rental_id, valid_to):
        core.pop_rental_renew(self, rental_id, valid_to)

    def rental_end(self, rental_id, on):
        core.pop_rental_end(self, rental_id, on)

    def rentals(self, house_id):
        return core.pop_rentals(self, house_id)

    # --------------------------------------------------------- population
    def person_add(self, id_number, name, office_id=0, id_kind=None, nationality=None, sex=None,
                   birth_date=None, phone=None, hukou=None, hukou_address_id=0, office_since=None,
                   region=None):
        return core.pop_person_add(self, id_number, name, office_id, id_kind, nationality, sex,
                                   birth_date, phone, hukou, hukou_address_id, office_since, region)

    def person_find(self, id_number):
        return core.pop_person_find(self, id_number)

    def person_get(self, id):
        return core.pop_person_get(self, id)

    def person_update(self, id, name=None, phone=None, hukou=None, hukou_address_id=-1):
        core.pop_person_update(self, id, name, phone, hukou, hukou_address_id)

    def person_transfer(self, person_id, office_id, from_, reason):
        core.pop_person_transfer(self, person_id, office_id, from_, reason)

    def person_archive(self, person_id, on, reason):
        core.pop_person_archive(self, person_id, on, reason)

    def management(self, person_id):
        return core.pop_management(self, person_id)

    def move_in(self, person_id, house_id, type, from_, relation=None, rental_id=0,
                registered_on=None, permit_no=None, permit_valid_to=None, reason=None, region=None):
        return core.pop_move_in(self, person_id, house_id, type, from_, relation, rental_id,
                                registered_on, permit_no, permit_valid_to, reason, region)

    def move_out(self, person_id, to, reason=None):
        core.pop_move_out(self, person_id, to, reason)

    def residence_register(self, residence_id, on, permit_no=None, valid_to=None):
        core.pop_residence_register(self, residence_id, on, permit_no, valid_to)

    def residences(self, person_id=0, house_id=0):
        return core.pop_residences(self, person_id, house_id)

    def label_add(self, person_id, code, from_, reason, region=None):
        return core.pop_label_add(self, person_id, code, from_, reason, region)

    def label_end(self, label_id, to, reason):
        core.pop_label_end(self, label_id, to, reason)

    def labels(self, person_id):
        return core.pop_labels(self, person_id)

    def contact_add(self, kind, on, person_id=0, house_id=0, staff_id=0, note=None):
        return core.pop_contact_add(self, kind, person_id, house_id, on, staff_id, note)

    def persons(self, id_number=None, name=None, name_prefix=False, office_id=0, address_id=0,
                house_id=0, label=None, residence_type=None, include_archived=False, after_id=0,
                limit=0):
        """One page of persons (keyset paging: pass the last id as ``after_id``)."""
        return core.pop_persons(self, id_number, name, int(bool(name_prefix)), office_id,
                                address_id, house_id, label, residence_type,
                                int(bool(include_archived)), after_id, limit, 0)

    def person_count(self, id_number=None, name=None, name_prefix=False, office_id=0, address_id=0,
                     house_id=0, label=None, residence_type=None, include_archived=False):
        return core.pop_persons(self, id_number, name, int(bool(name_prefix)), office_id,
                                address_id, house_id, label, residence_type,
                                int(bool(include_archived)), 0, 0, 1)

    def iter_persons(self, page=500, **query):
        """Yield every person a query matches, a page at a time (bounded memory)."""
        after = 0
        while True:
            rows = self.persons(after_id=after, limit=page, **query)
            yield from rows
            if len(rows) < page:
                return
            after = rows[-1]["id"]

    def stats(self, office_id, on, region=None):
        return core.pop_stats(self, office_id, on, region)

    def unmanaged(self, office_id, on):
        return core.pop_unmanaged(self, office_id, on)

    def import_file(self, path, kind, encoding=None, community_id=0, office_id=0,
                    residence_from=None, batch_rows=0, resume=True, region=None,
                    update=False, check_only=False):
        """Import a CSV file of ``addresses``, ``houses`` or ``persons``; the report as a dict.

        ``update=True`` corrects known persons' name, phone and 户籍地址 from the file (each
        change noted with its value before and after); without it a row giving a known ID
        number another name is rejected. ``check_only=True`` is a dry run: nothing is
        written, and the report's ``problems`` lists every note."""
        return core.pop_import_file(self, path, kind, encoding, community_id, office_id,
                                    residence_from, batch_rows, int(bool(resume)), region,
                                    int(bool(update)), int(bool(check_only)))

    def import_problems(self, run_id):
        return core.pop_import_problems(self, run_id)


for _name, _f in vars(_Methods).items():
    if not _name.startswith("_") and callable(_f):
        setattr(core.Database, _name, _f)
