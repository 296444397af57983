//! The two engines' migrated schemas must describe the same tables and columns, and both must
//! match the diesel schema the queries are compiled against.

use std::collections::BTreeMap;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use lantoa_store::schema::TABLES;
use lantoa_store::testing::TestDb;
use lantoa_store::{Conn, Engine};

#[derive(QueryableByName, Debug)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Integer)]
    nullable: i32,
}

/// Columns as (table → [(column, normalised type, nullable)]).
type Shape = BTreeMap<String, Vec<(String, &'static str, bool)>>;

fn normalise(engine: Engine, ty: &str) -> &'static str {
    let t = ty.to_ascii_lowercase();
    match (engine, t.as_str()) {
        (_, "text") => "text",
        (Engine::Sqlite, "integer") | (Engine::Sqlite, "bigint") => "integer",
        (Engine::Postgres, "bigint") | (Engine::Postgres, "integer") => "integer",
        (_, "boolean") => "boolean",
        (_, "date") => "date",
        (Engine::Sqlite, "timestamp") | (Engine::Postgres, "timestamp without time zone") => {
            "timestamp"
        }
        _ => panic!("unexpected column type {ty:?} on {engine:?}: extend the parity test"),
    }
}

fn shape(engine: Engine) -> Option<Shape> {
    let t = TestDb::on(engine)?;
    let mut conn = t.db.conn().unwrap();
    let sql = match &*conn {
        Conn::Sqlite(_) => {
            "SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, \
                    CASE WHEN p.\"notnull\" = 1 OR p.pk > 0 THEN 0 ELSE 1 END AS nullable \
             FROM sqlite_master m JOIN pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
               AND m.name <> '__diesel_schema_migrations' \
             ORDER BY m.name, p.cid"
        }
        Conn::Postgres(_) => {
            "SELECT table_name::text AS table_name, column_name::text AS column_name, \
                    data_type::text AS data_type, \
                    CASE WHEN is_nullable = 'YES' THEN 1 ELSE 0 END AS nullable \
             FROM information_schema.columns \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' \
             ORDER BY table_name, ordinal_position"
        }
    };
    let cols: Vec<Column> = diesel::sql_query(sql).load(&mut *conn).unwrap();
    let mut shape = Shape::new();
    for c in cols {
        shape.entry(c.table_name).or_default().push((
            c.column_name,
            normalise(engine, &c.data_type),
            c.nullable == 1,
        ));
    }
    Some(shape)
}

#[test]
fn both_engines_have_the_same_tables_and_columns() {
    let sqlite = shape(Engine::Sqlite).unwrap();
    let mut tables: Vec<&str> = TABLES.to_vec();
    tables.sort();
    assert_eq!(
        sqlite.keys().map(String::as_str).collect::<Vec<_>>(),
        tables,
        "tables in the SQLite migrations differ from schema::TABLES"
    );
    let Some(postgres) = shape(Engine::Postgres) else {
        return;
    };
    for (table, columns) in &sqlite {
        assert_eq!(
            Some(columns),
            postgres.get(table),
            "table {table} differs between SQLite and PostgreSQL"
        );
    }
    assert_eq!(sqlite.len(), postgres.len());
}

#[test]
fn migration_names_are_identical_for_both_engines() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    let names = |engine: &str| {
        let mut v: Vec<String> = std::fs::read_dir(root.join(engine))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert!(!names("sqlite").is_empty());
    assert_eq!(names("sqlite"), names("postgres"));
}

#[test]
fn migrating_twice_applies_nothing_the_second_time() {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(t) = TestDb::empty(engine) else {
            continue;
        };
        let first = t.db.migrate().unwrap();
        assert!(
            !first.is_empty(),
            "{engine:?}: nothing applied on an empty database"
        );
        assert_eq!(t.db.migrate().unwrap(), Vec::<String>::new(), "{engine:?}");
        assert!(t.db.pending_migrations().unwrap().is_empty());
    }
}
