"""PagedTableModel: a narrower source that starts with the rows shown keeps them."""

from ui.sql_table_model import Column, PagedTableModel


def source(ids):
    rows = [{"id": i, "name": f"名{i}"} for i in ids]
    return (lambda offset, limit, _order, _desc: rows[offset:offset + limit]), (lambda: len(rows))


def test_a_source_starting_with_the_loaded_rows_keeps_them_without_a_reset(qtbot, qtmodeltester):
    model = PagedTableModel([Column("name", "姓名", "name")])
    model.PAGE = 3
    model.set_source(*source(range(10)))
    assert model.rowCount() == 3  # one page loaded
    resets = []
    model.modelReset.connect(lambda: resets.append(1))
    # Fewer rows in all, the same first ones: no reset, the new total.
    model.set_source(*source([0, 1, 2, 5]), ids=[0, 1, 2, 5])
    assert not resets and model.total == 4 and model.rowCount() == 3
    model.fetchMore(model.index(-1, -1))
    assert [model.id_at(r) for r in range(model.rowCount())] == [0, 1, 2, 5]
    # Other first rows, or no ids given (the data changed): a reset.
    model.set_source(*source([0, 2, 5]), ids=[0, 2, 5])
    model.set_source(*source([0, 2, 5]))
    assert len(resets) == 2 and [model.id_at(r) for r in range(model.rowCount())] == [0, 2, 5]
    qtmodeltester.check(model)
