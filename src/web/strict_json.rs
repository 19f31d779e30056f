//! A parsed JSON body read into its type the way the API document describes the type.
//!
//! serde's derived `Deserialize` for a struct also accepts a JSON array of the struct's fields
//! in order, and serde_json passes arrays on to it: `[null]` is an invitation's acceptance
//! without a password, `{"points": [[1, "followed", "…"]]}` a report back. The document says
//! "object" in both places, so a client generated from it (and Schemathesis, which checks this)
//! expects the array to be refused. This deserializer over a `serde_json::Value` is serde_json's
//! own in everything except that, where a struct is expected, at any depth, only an object will
//! do. Errors are serde_json's, so `web::body` names the field as before.

use serde::de::value::BorrowedStrDeserializer;
use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, Error as _, MapAccess, SeqAccess, Unexpected,
    VariantAccess, Visitor,
};
use serde_json::{Error, Value};

/// A JSON value read strictly (see the module).
pub struct Strict<'de>(pub &'de Value);

fn unexpected(v: &Value) -> Unexpected<'_> {
    match v {
        Value::Null => Unexpected::Unit,
        Value::Bool(b) => Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64(), n.as_f64()) {
            (Some(u), _, _) => Unexpected::Unsigned(u),
            (_, Some(i), _) => Unexpected::Signed(i),
            (_, _, Some(f)) => Unexpected::Float(f),
            _ => Unexpected::Other("number"),
        },
        Value::String(s) => Unexpected::Str(s),
        Value::Array(_) => Unexpected::Seq,
        Value::Object(_) => Unexpected::Map,
    }
}

fn visit_array<'de, V: Visitor<'de>>(items: &'de [Value], visitor: V) -> Result<V::Value, Error> {
    let mut seq = Seq(items.iter());
    let value = visitor.visit_seq(&mut seq)?;
    match seq.0.len() {
        0 => Ok(value),
        _ => Err(Error::invalid_length(
            items.len(),
            &"fewer elements in array",
        )),
    }
}

fn visit_object<'de, V: Visitor<'de>>(
    map: &'de serde_json::Map<String, Value>,
    visitor: V,
) -> Result<V::Value, Error> {
    let mut fields = Fields {
        iter: map.iter(),
        value: None,
    };
    let value = visitor.visit_map(&mut fields)?;
    match fields.iter.len() {
        0 => Ok(value),
        _ => Err(Error::invalid_length(map.len(), &"fewer elements in map")),
    }
}

impl<'de> Deserializer<'de> for Strict<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => n.deserialize_any(visitor),
            Value::String(s) => visitor.visit_borrowed_str(s),
            Value::Array(items) => visit_array(items, visitor),
            Value::Object(map) => visit_object(map, visitor),
        }
    }

    /// The one difference from serde_json: no array for a struct.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visit_object(map, visitor),
            other => Err(Error::invalid_type(unexpected(other), &visitor)),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::String(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
            Value::Object(map) => {
                let mut entries = map.iter();
                match (entries.next(), entries.next()) {
                    (Some((variant, value)), None) => visitor.visit_enum(Enum { variant, value }),
                    _ => Err(Error::invalid_value(
                        Unexpected::Map,
                        &"map with a single key",
                    )),
                }
            }
            other => Err(Error::invalid_type(unexpected(other), &"string or map")),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier
    }
}

struct Seq<'de>(std::slice::Iter<'de, Value>);

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        self.0
            .next()
            .map(|v| seed.deserialize(Strict(v)))
            .transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Fields<'de> {
    iter: serde_json::map::Iter<'de>,
    value: Option<&'de Value>,
}

impl<'de> MapAccess<'de> for Fields<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        match self.iter.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(BorrowedStrDeserializer::new(key))
                    .map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(Strict(value)),
            None => Err(Error::custom("a value asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

/// `{"variant": value}`, an externally tagged enum's variant with its content.
struct Enum<'de> {
    variant: &'de str,
    value: &'de Value,
}

impl<'de> EnumAccess<'de> for Enum<'de> {
    type Error = Error;
    type Variant = Strict<'de>;

    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), Error> {
        let variant = seed.deserialize(BorrowedStrDeserializer::<Error>::new(self.variant))?;
        Ok((variant, Strict(self.value)))
    }
}

impl<'de> VariantAccess<'de> for Strict<'de> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            Value::Null => Ok(()),
            other => Err(Error::invalid_type(unexpected(other), &"unit variant")),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Value::Array(items) => visit_array(items, visitor),
            other => Err(Error::invalid_type(unexpected(other), &"tuple variant")),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Value::Object(map) => visit_object(map, visitor),
            other => Err(Error::invalid_type(unexpected(other), &"struct variant")),
        }
    }
}

/// Reads `T` from `value` strictly; for tests and for callers without a path to report.
pub fn from_value<'de, T: de::Deserialize<'de>>(value: &'de Value) -> Result<T, Error> {
    T::deserialize(Strict(value))
}

#[cfg(test)]
mod tests {
    use super::from_value;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Point {
        point: i64,
        reasons: String,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Report {
        points: Vec<Point>,
        note: Option<String>,
        #[serde(default)]
        by_name: BTreeMap<String, u8>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Outcome {
        Followed,
        NotFollowed,
        Partly { share: u8 },
    }

    #[test]
    fn what_serde_json_reads_it_reads_the_same() {
        let v = json!({"points": [{"point": 2, "reasons": "omdat"}], "note": null,
                       "by_name": {"a": 1}});
        let strict: Report = from_value(&v).unwrap();
        let loose: Report = serde_json::from_value(v).unwrap();
        assert_eq!(strict, loose);
        assert_eq!(strict.by_name["a"], 1);
        let outcomes: Vec<Outcome> =
            from_value(&json!(["followed", "not-followed", {"partly": {"share": 3}}])).unwrap();
        assert_eq!(
            outcomes,
            [
                Outcome::Followed,
                Outcome::NotFollowed,
                Outcome::Partly { share: 3 }
            ]
        );
        let pair: (i64, String) = from_value(&json!([1, "x"])).unwrap();
        assert_eq!(pair, (1, "x".to_string()));
    }

    #[test]
    fn a_struct_is_an_object_at_any_depth() {
        // serde_json itself reads all three.
        let top = json!([[{"point": 1, "reasons": "r"}], null]);
        let nested = json!({"points": [[1, "r"]]});
        assert!(serde_json::from_value::<Report>(top.clone()).is_ok());
        assert!(serde_json::from_value::<Report>(nested.clone()).is_ok());
        let e = from_value::<Report>(&top).unwrap_err().to_string();
        assert!(
            e.starts_with("invalid type: sequence, expected struct Report"),
            "{e}"
        );
        let e = from_value::<Report>(&nested).unwrap_err().to_string();
        assert!(
            e.starts_with("invalid type: sequence, expected struct Point"),
            "{e}"
        );
    }

    #[test]
    fn its_errors_are_serde_jsons() {
        let e = from_value::<Point>(&json!({"point": 1})).unwrap_err();
        assert_eq!(e.to_string(), "missing field `reasons`");
        let e = from_value::<Point>(&json!({"point": 1, "reasons": "r", "x": 0})).unwrap_err();
        assert!(e.to_string().starts_with("unknown field `x`"), "{e}");
        let e = from_value::<Outcome>(&json!("maybe")).unwrap_err();
        assert!(e.to_string().starts_with("unknown variant `maybe`"), "{e}");
        let e = from_value::<(i64,)>(&json!([1, 2])).unwrap_err();
        assert!(e.to_string().contains("fewer elements in array"), "{e}");
        let e = from_value::<u8>(&json!(300)).unwrap_err();
        assert!(
            e.to_string().starts_with("invalid value: integer `300`"),
            "{e}"
        );
    }
}
