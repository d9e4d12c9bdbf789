//! Every synced entity, declared once (see [`__entities!`]): name, table, columns, parents and the
//! check of a whole row.
//! The generic write path of remote ops ([`crate::WriteTx::apply_remote`]) finds entities here by
//! the name an op carries.

use crate::error::{Result, StoreError};
use crate::table::{Col, Parent, Table};
use serde_json::{Map, Value};
use sxsh_domain::model::*;

/// One synced entity.
#[derive(Debug)]
pub struct EntityDef {
    pub entity: &'static str,
    pub table: &'static str,
    pub columns: &'static [Col],
    pub parents: &'static [Parent],
    /// Decodes a whole row given as its JSON fields and validates it.
    pub check: fn(&Map<String, Value>) -> Result<()>,
    /// The live row with this id as its JSON form (`Stored`, with its versions), if there is one.
    pub load: fn(&rusqlite::Connection, &str) -> Result<Option<Value>>,
}

fn load_as<T: Table>(conn: &rusqlite::Connection, id: &str) -> Result<Option<Value>> {
    crate::table::get_live::<T>(conn, id)?
        .map(|row| serde_json::to_value(row).map_err(|e| StoreError::Decode(e.to_string())))
        .transpose()
}

fn check_as<T: Table>(fields: &Map<String, Value>) -> Result<()> {
    let row: T = serde_json::from_value(Value::Object(fields.clone()))
        .map_err(|e| StoreError::Decode(format!("{}: {e}", T::ENTITY)))?;
    row.validate()?;
    Ok(())
}

/// The entities of [`sxsh_domain::schema`] (declared there once, parents before children: type,
/// entity name, SQL table, data columns whose names equal the serde field names, `parents`
/// checked before every write, `fixed` columns an import may never change), seen from this
/// crate. From the declaration come each entity's [`Table`] implementation, the registry
/// ([`ENTITIES`]) and the dispatch by name ([`crate::with_entity!`]).
///
/// `__entities!(@decl $cb (args))` calls `$cb!((args) declarations…)`;
/// `__entities!($cb!(args))` calls `$cb!(args ; Type, Type, …)` with the types only.
#[doc(hidden)]
#[macro_export]
macro_rules! __entities {
    (@decl $cb:ident ($($args:tt)*)) => {
        $crate::__entities_decl! { @decl [$crate::$cb] ($($args)*) }
    };
    ($cb:ident ! ($($args:tt)*)) => {
        $crate::__entities!(@decl __entity_types ($cb ($($args)*)));
    };
}

/// Strips the declarations of [`__entities!`] down to the entity types for `$cb`.
#[doc(hidden)]
#[macro_export]
macro_rules! __entity_types {
    (($cb:ident ($($args:tt)*))
     $($t:ident = $e:literal in $tb:ident [$($cols:tt)*]
       $(parents [$($ps:tt)*])? $(fixed [$($fs:tt)*])? ;)*) => {
        $crate::$cb! { $($args)* ; $($t),* }
    };
}

/// The kind of a declared column: plain unless marked.
#[doc(hidden)]
#[macro_export]
macro_rules! __col_kind {
    () => {
        $crate::table::ColKind::Plain
    };
    (json) => {
        $crate::table::ColKind::Json
    };
    (bool) => {
        $crate::table::ColKind::Bool
    };
}

/// Implements [`Table`] for every declared entity.
#[doc(hidden)]
#[macro_export]
macro_rules! __tables {
    (()
     $($t:ident = $e:literal in $tb:ident [$($col:ident $(: $kind:ident)?),* $(,)?]
       $(parents [$($pc:ident -> $pt:ident),* $(,)?])? $(fixed [$($fx:ident),* $(,)?])? ;)*) => {
        $(impl $crate::table::Table for $crate::model::$t {
            const TABLE: &'static str = stringify!($tb);
            const ENTITY: &'static str = $e;
            const COLUMNS: &'static [$crate::table::Col] =
                &[$($crate::table::Col(stringify!($col), $crate::__col_kind!($($kind)?))),*];
            const PARENTS: &'static [$crate::table::Parent] = &[$($($crate::table::Parent {
                column: stringify!($pc),
                table: <$crate::model::$pt as $crate::table::Table>::TABLE,
                entity: <$crate::model::$pt as $crate::table::Table>::ENTITY,
            }),*)?];
            const FIXED: &'static [&'static str] = &[$($(stringify!($fx)),*)?];

            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}

__entities!(@decl __tables ());

#[doc(hidden)]
#[macro_export]
macro_rules! __registry {
    (; $($t:ident),*) => {
        /// Every synced entity, parents before children.
        pub static ENTITIES: &[EntityDef] = &[$(EntityDef {
            entity: <$t as Table>::ENTITY,
            table: <$t as Table>::TABLE,
            columns: <$t as Table>::COLUMNS,
            parents: <$t as Table>::PARENTS,
            check: check_as::<$t>,
            load: load_as::<$t>,
        }),*];
    };
}

__entities!(__registry!());

/// Runs `$body` with `$t` the entity type named `$name` (an entity name such as `"flow"`), or
/// `$other` when no synced entity has that name:
/// `with_entity!(name, T => api.get::<T>(id), else Err(unknown))`.
#[macro_export]
macro_rules! with_entity {
    ($name:expr, $t:ident => $body:expr, else $other:expr) => {{
        let name: &str = $name;
        $crate::__entities!(__with_entity!(name, $t, $body, $other))
    }};
}

#[doc(hidden)]
#[macro_export]
macro_rules! __with_entity {
    ($n:ident, $t:ident, $body:expr, $other:expr; $($ty:ident),*) => {
        $(if $n == <$crate::model::$ty as $crate::Table>::ENTITY {
            type $t = $crate::model::$ty;
            $body
        } else)* {
            $other
        }
    };
}

/// The entity with this name.
pub fn by_name(entity: &str) -> Option<&'static EntityDef> {
    ENTITIES.iter().find(|d| d.entity == entity)
}

/// Position of an entity in [`ENTITIES`] (the schema's order): a parent always comes before
/// its children, so ops sorted by rank apply parents first.
pub fn rank(entity: &str) -> usize {
    sxsh_domain::schema::rank(entity)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_and_the_schema_agree_on_the_schema_version() {
        assert_eq!(crate::SCHEMA_VERSION, sxsh_domain::schema::SCHEMA_VERSION);
    }

    #[test]
    fn the_tables_are_the_schema_in_its_order_with_parents_first() {
        let schema = sxsh_domain::schema::ENTITIES;
        assert_eq!(ENTITIES.len(), schema.len());
        for (i, (d, s)) in ENTITIES.iter().zip(schema).enumerate() {
            assert_eq!((d.entity, d.table), (s.entity, s.table));
            let cols: Vec<&str> = d.columns.iter().map(|c| c.0).collect();
            let want: Vec<&str> = s.columns.iter().map(|c| c.0).collect();
            assert_eq!(cols, want, "{}", d.entity);
            for p in d.parents {
                let parent = ENTITIES.iter().position(|e| e.table == p.table).unwrap();
                assert!(parent < i, "{} before {}", p.table, d.entity);
                assert!(s.parents.contains(&(p.column, p.entity)), "{}", d.entity);
            }
        }
    }
}
