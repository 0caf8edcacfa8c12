//! Helpers the migrations share: named foreign keys and indexes.

use sea_orm_migration::prelude::*;

/// A named foreign key; `cascade` deletes children with their parent, otherwise the
/// parent cannot be deleted while children exist.
pub fn fk(
    name: &str,
    from: (&'static str, &'static str),
    to: (&'static str, &'static str),
    cascade: bool,
) -> ForeignKeyCreateStatement {
    let mut fk = ForeignKey::create();
    fk.name(name).from(from.0, from.1).to(to.0, to.1);
    fk.on_delete(if cascade { ForeignKeyAction::Cascade } else { ForeignKeyAction::Restrict });
    fk.to_owned()
}

/// A named index over `cols`, unique or not.
pub async fn index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
    cols: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for col in cols {
        stmt.col(*col);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt.to_owned()).await
}
