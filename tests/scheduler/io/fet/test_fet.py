"""FET files: the reader, the mapping onto the engine's rules (and what it refuses or drops), solving the
result, and the staged examples (a real school read in full, the infeasible one explained)."""

from __future__ import annotations

import pytest

from scheduler import Apart, Slot, Window
from scheduler.io.fet.mapping import map_fet
from scheduler.io.fet.read import FetError, read_fet
from scheduler.search.one_model import solve
from scheduler.verify.timetable import verify
from tests.bench.staged import FET_EXAMPLES, needs_fet_examples

TINY = """<?xml version="1.0" encoding="UTF-8"?>
<fet version="5.41.0">
<Institution_Name>Tiny School</Institution_Name>
<Days_List><Number_of_Days>2</Number_of_Days><Day><Name>Mon</Name></Day><Day><Name>Tue</Name></Day></Days_List>
<Hours_List><Number_of_Hours>3</Number_of_Hours>
<Hour><Name>1</Name></Hour><Hour><Name>2</Name></Hour><Hour><Name>3</Name></Hour></Hours_List>
<Teachers_List><Teacher><Name>Ana</Name></Teacher><Teacher><Name>Bo</Name></Teacher></Teachers_List>
<Students_List><Year><Name>Y1</Name><Number_of_Students>0</Number_of_Students>
  <Group><Name>G1</Name><Number_of_Students>0</Number_of_Students>
    <Subgroup><Name>S1</Name><Number_of_Students>12</Number_of_Students></Subgroup></Group>
  <Group><Name>G2</Name><Number_of_Students>8</Number_of_Students></Group>
</Year></Students_List>
<Activities_List>
<Activity><Teacher>Ana</Teacher><Subject>Maths</Subject><Students>G1</Students><Duration>1</Duration>
  <Total_Duration>2</Total_Duration><Id>1</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Ana</Teacher><Subject>Maths</Subject><Students>G1</Students><Duration>1</Duration>
  <Total_Duration>2</Total_Duration><Id>2</Id><Activity_Group_Id>1</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bo</Teacher><Subject>Art</Subject><Students>Y1</Students><Duration>2</Duration>
  <Total_Duration>2</Total_Duration><Id>3</Id><Activity_Group_Id>0</Activity_Group_Id><Active>true</Active></Activity>
<Activity><Teacher>Bo</Teacher><Subject>Old</Subject><Students>G2</Students><Duration>1</Duration>
  <Total_Duration>1</Total_Duration><Id>4</Id><Activity_Group_Id>0</Activity_Group_Id><Active>false</Active></Activity>
</Activities_List>
<Rooms_List><Room><Name>Hall</Name><Capacity>30</Capacity><Virtual>false</Virtual></Room></Rooms_List>
<Time_Constraints_List>
<ConstraintBasicCompulsoryTime><Weight_Percentage>100</Weight_Percentage><Active>true</Active></ConstraintBasicCompulsoryTime>
<ConstraintTeacherNotAvailableTimes><Weight_Percentage>100</Weight_Percentage><Teacher>Bo</Teacher>
  <Number_of_Not_Available_Times>1</Number_of_Not_Available_Times>
  <Not_Available_Time><Day>Mon</Day><Hour>1</Hour></Not_Available_Time></ConstraintTeacherNotAvailableTimes>
<ConstraintBreakTimes><Weight_Percentage>100</Weight_Percentage><Number_of_Break_Times>1</Number_of_Break_Times>
  <Break_Time><Day>Tue</Day><Hour>3</Hour></Break_Time></ConstraintBreakTimes>
<ConstraintMinDaysBetweenActivities><Weight_Percentage>95</Weight_Percentage>
  <Consecutive_If_Same_Day>true</Consecutive_If_Same_Day><Number_of_Activities>2</Number_of_Activities>
  <Activity_Id>1</Activity_Id><Activity_Id>2</Activity_Id><MinDays>1</MinDays></ConstraintMinDaysBetweenActivities>
<ConstraintTeacherMaxDaysPerWeek><Weight_Percentage>100</Weight_Percentage><Teacher_Name>Ana</Teacher_Name>
  <Max_Days_Per_Week>1</Max_Days_Per_Week></ConstraintTeacherMaxDaysPerWeek>
<ConstraintActivityPreferredStartingTime><Weight_Percentage>0</Weight_Percentage><Activity_Id>1</Activity_Id>
  <Preferred_Day>Mon</Preferred_Day><Preferred_Hour>1</Preferred_Hour></ConstraintActivityPreferredStartingTime>
</Time_Constraints_List>
<Space_Constraints_List>
<ConstraintActivityPreferredRoom><Weight_Percentage>100</Weight_Percentage><Activity_Id>3</Activity_Id>
  <Room>Hall</Room></ConstraintActivityPreferredRoom>
</Space_Constraints_List>
</fet>
"""


def test_tiny_file_maps_activities_students_and_constraints_onto_the_engine() -> None:
    mapping = map_fet(read_fet(TINY))
    p = mapping.problem
    assert [g.id for g in p.groups] == ["a1", "a2", "a3"]  # activity 4 is inactive
    a1, a3 = p.group["a1"], p.group["a3"]
    assert (a1.teacher, a1.length, a1.max_size, a1.venues) == ("Ana", 60, 12, ("home:S1",))
    assert (a3.teacher, a3.length, a3.max_size, a3.venues) == ("Bo", 120, 20, ("r:Hall",))
    assert a3.blocked == (Window(1, 10 * 60, 11 * 60),)  # the break, Tuesday's third hour
    assert p.teacher["Bo"].availability == (Window(0, 9 * 60, 11 * 60), Window(1, 8 * 60, 10 * 60))
    assert [(c.id, c.groups) for c in p.cohorts] == [("s:S1", ("a1", "a2", "a3"))]  # G2's lone activity: none
    assert p.apart == (Apart("md1", ("a1", "a2"), days=1, hard=False, per_day=2),)
    assert mapping.unsupported == {"ConstraintTeacherMaxDaysPerWeek": 1}
    assert mapping.supported == {
        "ConstraintBasicCompulsoryTime": 1,
        "ConstraintTeacherNotAvailableTimes": 1,
        "ConstraintBreakTimes": 1,
        "ConstraintMinDaysBetweenActivities": 1,
        "ConstraintActivityPreferredRoom": 1,
    }
    assert mapping.ignored == 2  # the inactive activity and the constraint of weight 0
    assert p.slots[0] == Slot(0, 8 * 60, 180)


def test_tiny_file_solves_with_no_hard_violation_and_maths_on_two_days() -> None:
    p = map_fet(read_fet(TINY)).problem
    s = solve(p, time_limit=5, workers=1)
    assert verify(p, s).violations == ()
    assert s.objective == 0
    assert len({a.slot.weekday for a in s.assignments if a.group in ("a1", "a2")}) == 2


def test_reader_refuses_a_file_that_is_not_fet_and_names_the_problem() -> None:
    with pytest.raises(FetError, match="the root element is <html>"):
        read_fet("<html></html>")
    with pytest.raises(FetError, match="not well-formed XML"):
        read_fet("<fet><Days_List>")
    with pytest.raises(FetError, match="names teacher 'Cy', who is not in the file's teachers"):
        map_fet(read_fet(TINY.replace("<Teacher>Bo</Teacher>\n  <Number", "<Teacher>Cy</Teacher>\n  <Number")))
    with pytest.raises(FetError, match="names day 'Sun', which is not among the file's days"):
        map_fet(read_fet(TINY.replace("<Day>Tue</Day><Hour>3</Hour>", "<Day>Sun</Day><Hour>3</Hour>")))


@needs_fet_examples
def test_romanian_school_maps_every_constraint_and_keeps_its_size() -> None:
    mapping = map_fet(read_fet(FET_EXAMPLES / "Romania_Pedagogic-HS-Tg-Mures_2006-2007.fet"))
    p = mapping.problem
    assert (len(p.groups), len(p.slots), len(p.apart)) == (677, 5 * 8, 177)
    assert mapping.unsupported == {}
    assert mapping.supported["ConstraintTeacherNotAvailableTimes"] == 42
    assert mapping.supported["ConstraintStudentsSetNotAvailableTimes"] == 15
    assert {c.max_gaps for c in p.cohorts if c.id.startswith("s:")} == {0}  # students max gaps per week 0


@needs_fet_examples
def test_infeasible_brazilian_school_is_explained_by_its_teacher_with_too_few_days() -> None:
    p = map_fet(read_fet(FET_EXAMPLES / "infeasible" / "Brazil_ACHILES-MANHA.fet")).problem
    s = solve(p, time_limit=10, workers=1)
    assert s.status == "infeasible"
    (reason,) = s.explanation
    assert (reason.code, [p.teacher[t].name for t in reason.of("teacher")]) == ("apart.teacher_days", ["Jacilene"])
    assert {p.group[g].name for g in reason.of("group")} == {"Matemática · 8A · Jacilene"}  # six activities
    assert dict(reason.numbers) == {"sessions": 6, "per_day": 2, "need": 3, "days": 2}
