//! Every field of every synced entity is stored and logged: the struct's serde fields, the
//! repository's column list (which the registry carries) and the SQL table's columns are the
//! same set, checked on the demo data's rows of every kind.

use std::collections::BTreeSet;
use sxsh_api::Api;
use sxsh_store::registry::ENTITIES;

#[test]
fn every_entity_field_is_a_column_of_its_table_and_is_logged() {
    let dir = tempfile::tempdir().unwrap();
    let api = Api::open(dir.path()).unwrap();
    api.load_demo().unwrap();
    let conn = rusqlite::Connection::open(dir.path().join("sxsh.db")).unwrap();
    let meta: BTreeSet<&str> = ["created_at", "updated_at", "updated_by", "deleted"].into();
    let mut seen_rows = 0;
    for def in ENTITIES {
        let declared: BTreeSet<&str> = def.columns.iter().map(|c| c.0).collect();
        let sql: BTreeSet<String> = conn
            .prepare(&format!("PRAGMA table_info({})", def.table))
            .unwrap()
            .query_map([], |r| r.get::<_, String>(1))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let sql: BTreeSet<&str> = sql
            .iter()
            .map(String::as_str)
            .filter(|c| !meta.contains(c))
            .collect();
        assert_eq!(
            declared, sql,
            "{}: declared columns vs the SQL table",
            def.entity
        );
        // Each logged insert of this entity names exactly the declared fields: a field the
        // struct has and the column list forgot would be logged but not stored (or the reverse).
        let logged: Vec<String> = conn
            .prepare("SELECT fields FROM change_log WHERE entity = ?1 AND op = 'insert'")
            .unwrap()
            .query_map([def.entity], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for fields in logged {
            let v: serde_json::Value = serde_json::from_str(&fields).unwrap();
            let keys: BTreeSet<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
            assert_eq!(
                keys, declared,
                "{}: the struct's fields vs its columns",
                def.entity
            );
            seen_rows += 1;
        }
    }
    assert!(
        seen_rows > 150,
        "the demo has rows of most kinds ({seen_rows})"
    );
}
