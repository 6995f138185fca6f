//! The assignments topic value against its JSON Schema
//! (`schema/assignments.v1.json`): what the schema accepts, the parser
//! accepts, and the other way round, on a set of values.

use boon::{Compiler, Schemas};
use inlet_routing::Number;
use inlet_routing::source::parse_topic_value;
use serde_json::{Value, json};

const SCHEMA: &str = include_str!("../schema/assignments.v1.json");
const URL: &str = "https://example.invalid/inlet/schema/assignments.v1.json";

#[test]
fn schema_and_parser_agree() {
    let schema: Value = serde_json::from_str(SCHEMA).expect("schema is JSON");
    let mut compiler = Compiler::new();
    compiler.enable_format_assertions();
    compiler.add_resource(URL, schema).expect("add");
    let mut schemas = Schemas::new();
    let index = compiler.compile(URL, &mut schemas).expect("compiles");
    let number = Number::parse("+14035551234").expect("number");
    let cases: Vec<(bool, Value)> = vec![
        (true, json!(null)),
        (true, json!([])),
        (
            true,
            json!([{"id": 1, "account": "acme", "starts_at": "2026-01-01T00:00:00Z"}]),
        ),
        (
            true,
            json!([
                {"id": "r-1", "account": "acme", "number": "+14035551234",
                 "starts_at": "2026-01-01T00:00:00Z", "ends_at": "2026-02-01T00:00:00Z",
                 "service": ["WhatsApp"], "labels": {"plan": "daily"}},
                {"id": "r-2", "account": "other", "starts_at": "2026-01-01T00:00:00+02:00",
                 "ends_at": null, "service": ["Telegram"]}
            ]),
        ),
        (false, json!({"id": 1})),
        (
            false,
            json!([{"account": "acme", "starts_at": "2026-01-01T00:00:00Z"}]),
        ),
        (
            false,
            json!([{"id": 1, "starts_at": "2026-01-01T00:00:00Z"}]),
        ),
        (
            false,
            json!([{"id": 1, "account": "acme", "starts_at": "yesterday"}]),
        ),
        (
            false,
            json!([{"id": 1, "account": "acme", "starts_at": "2026-01-01T00:00:00Z", "colour": "red"}]),
        ),
    ];
    for (valid, value) in cases {
        let by_schema = schemas.validate(&value, index).is_ok();
        let bytes = serde_json::to_vec(&value).expect("encode");
        let input = if value.is_null() {
            None
        } else {
            Some(&bytes[..])
        };
        let by_parser = parse_topic_value(number, input).is_ok();
        assert_eq!(by_schema, valid, "schema on {value}");
        assert_eq!(by_parser, valid, "parser on {value}");
    }
}
