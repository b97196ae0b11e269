"""HR spreadsheets as they come: which column is read, which delimiter, which line a row is on, and
the rows that are refused instead of silently shifted or duplicated."""

from __future__ import annotations

import csv

from provisioning.onboarding import parse_staff_csv


def test_the_upn_column_wins_over_email_whichever_comes_first() -> None:
    rows, errors = parse_staff_csv(
        "Email,Department,City,UserPrincipalName\nann.lee@gmail.example,Parks,Lakeside,ann@x.example\n"
    )
    assert errors == [] and rows[0].upn == "ann@x.example"


def test_semicolon_and_tab_delimited_exports_read() -> None:
    for text in (
        "upn;department;city;number\na@x.example;Parks, Recreation;Lakeside;(561) 555-2001\n",
        "upn\tdepartment\tcity\tnumber\na@x.example\tParks, Recreation\tLakeside\t(561) 555-2001\n",
    ):
        rows, errors = parse_staff_csv(text)
        assert errors == [] and rows[0].department == "Parks, Recreation"
        assert rows[0].number == "+15615552001"


def test_line_numbers_follow_the_file_across_quoted_line_breaks() -> None:
    text = 'upn,department,city\na@x.example,"Parks\nand\nRecreation",Lakeside\nnot-a-upn,Parks,Lakeside\n'
    rows, errors = parse_staff_csv(text)
    assert rows[0].line == 2 and rows[0].department == "Parks\nand\nRecreation"
    assert [(e.line, e.field) for e in errors] == [(5, "upn")]


def test_a_row_shifted_by_an_unquoted_comma_is_refused() -> None:
    text = (
        "upn,department,city,number\na@x.example,Parks, Recreation,Lakeside,\nb@x.example,Parks,Lakeside,\n"
    )
    rows, errors = parse_staff_csv(text)
    assert [r.upn for r in rows] == ["b@x.example"]
    assert [(e.line, e.field) for e in errors] == [(2, "(row)")]


def test_every_row_ending_in_a_comma_is_fine() -> None:
    rows, errors = parse_staff_csv("upn,department,city\na@x.example,P,L,\nb@x.example,P,L,\n")
    assert errors == [] and len(rows) == 2


def test_the_same_number_on_two_rows_is_refused_on_the_second() -> None:
    text = "upn,department,city,number\na@x.example,P,L,(561) 555-2001\nb@x.example,P,L,+1 561 555 2001\n"
    rows, errors = parse_staff_csv(text)
    assert [r.upn for r in rows] == ["a@x.example"]
    assert [e.render("s.csv") for e in errors] == ["s.csv:3: number: +15615552001 is also on line 2"]


def test_an_oversize_cell_stops_the_file_with_its_line_and_no_rows() -> None:
    limit = csv.field_size_limit()
    text = 'upn,department,city\na@x.example,P,L\nb@x.example,"P,L\n' + "c@x.example,P,L\n" * (limit // 10)
    rows, errors = parse_staff_csv(text)
    assert rows == []
    assert [(e.line, e.field) for e in errors] == [(3, "(file)")]
    assert f"longer than {limit} characters" in errors[0].message


def test_excels_sep_line_sets_the_delimiter_and_counts_as_a_line() -> None:
    rows, errors = parse_staff_csv("sep=|\nupn|department|city\na@x.example|Parks, Rec|Lakeside\nbad|P|L\n")
    assert rows[0].department == "Parks, Rec" and rows[0].line == 3
    assert [(e.line, e.field) for e in errors] == [(4, "upn")]
