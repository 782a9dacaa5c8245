//! The JSON Schemas in `schemas/` (issue 10): every dataset in the repository
//! validates against them, a misspelt key does not, and each schema names
//! exactly the keys the loader accepts (read from the loader's own "expected
//! one of" message), so the schema cannot drift from the code.

mod common;

use common::root;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// A TOML document as the JSON an editor validates: dates as their text.
fn to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn read_toml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    to_json(
        toml::from_str::<toml::Value>(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
    )
}

fn schema(name: &str) -> Value {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn datasets() -> Vec<std::path::PathBuf> {
    let r = root();
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures/real"] {
        for e in std::fs::read_dir(r.join(dir)).unwrap() {
            let p = e.unwrap().path();
            if p.join("model.toml").is_file() {
                out.push(p);
            }
        }
    }
    out.push(r.join("tests/fixtures/nine_months"));
    out.push(r.join("tests/fixtures/tiny"));
    out.sort();
    out
}

fn errors(schema: &Value, doc: &Value) -> Vec<String> {
    let validator = jsonschema::validator_for(schema).unwrap();
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn every_dataset_validates() {
    let (company, model) = (schema("company.schema.json"), schema("model.schema.json"));
    let all = datasets();
    assert!(all.len() >= 6, "{all:?}");
    for dir in all {
        for (file, schema) in [("company.toml", &company), ("model.toml", &model)] {
            let e = errors(schema, &read_toml(&dir.join(file)));
            assert!(e.is_empty(), "{}/{file}: {e:#?}", dir.display());
        }
    }
}

#[test]
fn a_misspelt_key_does_not_validate() {
    let model = schema("model.schema.json");
    let mut doc = read_toml(&root().join("examples/icc/model.toml"));
    doc["item"][0]["lable"] = Value::String("Revenue".into());
    assert!(!errors(&model, &doc).is_empty());
    let company = schema("company.schema.json");
    let mut doc = read_toml(&root().join("examples/icc/company.toml"));
    doc["company"]["tickr"] = Value::String("X".into());
    assert!(!errors(&company, &doc).is_empty());
}

/// The keys the loader accepts at a place in a file, from its own message
/// for an unknown key there.
fn loader_keys(file: &str, toml_text: &str) -> BTreeSet<String> {
    let tmp = common::copy_of(&root().join("tests/fixtures/tiny"));
    std::fs::write(tmp.path().join(file), toml_text).unwrap();
    let e = brief::load::load(tmp.path()).unwrap_err().to_string();
    // serde says "expected one of `a`, `b`, `c`", or "expected `a` or `b`".
    let list = e
        .split("expected one of ")
        .nth(1)
        .or_else(|| e.split("expected ").nth(1))
        .unwrap_or_else(|| panic!("{file}: {e}"));
    list.lines()
        .next()
        .unwrap()
        .replace(" or ", ", ")
        .split(", ")
        .map(|k| k.trim().trim_matches('`').to_string())
        .filter(|k| !k.is_empty())
        .collect()
}

const COMPANY: &str = "[company]\nname = \"A\"\nshort_name = \"A\"\nticker = \"A\"\ndateline_city = \"A\"\ncurrency = \"USD\"\nunit = \"units\"\n[calendar]\nyear_end_month = 12\n";

/// Each object of each schema names exactly the keys the loader takes there.
#[test]
fn the_schemas_name_exactly_the_keys_the_loader_takes() {
    let company = schema("company.schema.json");
    let model = schema("model.schema.json");
    let cases: Vec<(&str, String, &Value, &str)> = vec![
        ("company.toml", "zzz = 1\n".into(), &company, ""),
        ("company.toml", COMPANY.replacen("[company]\n", "[company]\nzzz = 1\n", 1), &company, "/$defs/company"),
        ("company.toml", COMPANY.replace("year_end_month = 12\n", "year_end_month = 12\nzzz = 1\n"), &company, "/$defs/calendar"),
        ("company.toml", format!("{COMPANY}[boilerplate]\nzzz = 1\n"), &company, "/$defs/boilerplate"),
        ("company.toml", format!("{COMPANY}[[contact]]\nname = \"A\"\nzzz = 1\n"), &company, "/$defs/contact"),
        ("company.toml", format!("{COMPANY}[style]\nzzz = 1\n"), &company, "/$defs/style"),
        ("company.toml", format!("{COMPANY}[distribution]\nfrom = \"a@example.com\"\nzzz = 1\n"), &company, "/$defs/distribution"),
        ("model.toml", "zzz = 1\n".into(), &model, ""),
        ("model.toml", "[[item]]\nid = \"a\"\nlabel = \"A\"\nzzz = 1\n".into(), &model, "/$defs/item"),
        ("model.toml", "[[measure]]\nid = \"a\"\nlabel = \"A\"\nformula = \"b\"\nzzz = 1\n".into(), &model, "/$defs/measure"),
        ("model.toml", "[[table]]\nid = \"a\"\ntitle = \"A\"\nkind = \"trend\"\ncolumns = []\nrows = []\nzzz = 1\n".into(), &model, "/$defs/table"),
        ("model.toml", "[[table]]\nid = \"a\"\ntitle = \"A\"\nkind = \"trend\"\ncolumns = []\nrows = [{ zzz = 1 }]\n".into(), &model, "/$defs/row"),
        ("model.toml", "[[passage]]\nid = \"a\"\ntitle = \"A\"\nzzz = 1\n".into(), &model, "/$defs/passage"),
        ("model.toml", "[[passage]]\nid = \"a\"\ntitle = \"A\"\nspeaker = { zzz = 1 }\n".into(), &model, "/$defs/speaker"),
        ("model.toml", "[[chart]]\nid = \"a\"\ntitle = \"A\"\nitems = []\nzzz = 1\n".into(), &model, "/$defs/chart"),
        ("model.toml", "[[tie]]\nname = \"a\"\nleft = \"a\"\nright = \"b\"\nzzz = 1\n".into(), &model, "/$defs/tie"),
        ("model.toml", "[[rollforward]]\nname = \"a\"\nbalance = \"a\"\nflow = \"b\"\nzzz = 1\n".into(), &model, "/$defs/rollforward"),
        ("model.toml", "[[outlook]]\nid = \"a\"\nitem = \"a\"\nperiod = \"FY2025\"\nzzz = 1\n".into(), &model, "/$defs/outlook"),
    ];
    for (file, text, schema, pointer) in cases {
        let loader = loader_keys(file, &text);
        let named = schema_keys(schema, pointer);
        assert_eq!(named, loader, "{file} at `{pointer}`");
    }
}

/// The property names the schema gives an object, found by a JSON pointer.
fn schema_keys(schema: &Value, pointer: &str) -> BTreeSet<String> {
    let node = schema
        .pointer(pointer)
        .unwrap_or_else(|| panic!("no {pointer} in the schema"));
    node["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{pointer} has no properties"))
        .keys()
        .cloned()
        .collect()
}
