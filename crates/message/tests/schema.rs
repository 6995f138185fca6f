//! The `inbound.v1` record against its JSON Schema: real records of every
//! kind validate, broken ones do not, serde round-trips, and a pinned
//! snapshot keeps field names from drifting.

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use boon::{Compiler, SchemaIndex, Schemas};
use inlet_message::fingerprint;
use inlet_message::record::{
    Assignment, BindKind, CONTENT_TYPE, Carrier, Command, Encoding, FromKind, HEADER_CONTENT_TYPE,
    HEADER_SCHEMA, InboundMessage, OtpCode, ReferenceKind, SCHEMA, SCHEMA_JSON, SEGMENT_SCHEMA,
    SegmentGroup, SegmentRecord, Smpp, TOPIC_INBOUND, TOPIC_SEGMENTS, TOPIC_UNROUTED,
};
use serde_json::{Value, json};

const SCHEMA_URL: &str = "https://example.invalid/inlet/schema/inbound.v1.json";

struct Validator {
    schemas: Schemas,
    index: SchemaIndex,
}

impl Validator {
    fn new() -> Self {
        let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("schema is JSON");
        assert_eq!(schema["$id"], SCHEMA_URL);
        let mut compiler = Compiler::new();
        compiler.enable_format_assertions();
        compiler.enable_content_assertions();
        compiler
            .add_resource(SCHEMA_URL, schema)
            .expect("add schema");
        let mut schemas = Schemas::new();
        // Compiling also checks the schema against the 2020-12 metaschema.
        let index = compiler
            .compile(SCHEMA_URL, &mut schemas)
            .expect("schema compiles");
        Validator { schemas, index }
    }

    fn errors(&self, instance: &Value) -> Option<String> {
        self.schemas
            .validate(instance, self.index)
            .err()
            .map(|e| format!("{e:#}"))
    }

    fn assert_valid(&self, name: &str, instance: &Value) {
        if let Some(e) = self.errors(instance) {
            panic!("{name} should be valid: {e}\n{instance:#}");
        }
    }

    /// Asserts `instance` fails, for the reason `expected` names (a
    /// fragment of the error: keyword location or message).
    fn assert_invalid(&self, name: &str, expected: &str, instance: &Value) {
        match self.errors(instance) {
            None => panic!("{name} should be invalid:\n{instance:#}"),
            Some(e) => assert!(
                e.contains(expected),
                "{name} failed, but not on {expected:?}: {e}"
            ),
        }
    }
}

// ---------------------------------------------------------------- records

const ACCOUNT: &str = "carrier-a";
const TO: &str = "+14035551234";

fn carrier(bind: BindKind) -> Carrier {
    Carrier {
        system_id: ACCOUNT.into(),
        bind,
        session: "node-0/17".into(),
    }
}

fn smpp(command: Command, data_coding: u8, esm_class: u8, tlv_tags: Vec<u16>) -> Smpp {
    Smpp {
        command,
        esm_class,
        data_coding,
        protocol_id: (command != Command::DataSm).then_some(0),
        source_addr_ton: 1,
        source_addr_npi: 1,
        dest_addr_ton: 1,
        dest_addr_npi: 1,
        tlv_tags,
    }
}

fn exclusive(id: &str, account: &str, labels: &[(&str, &str)]) -> Option<Assignment> {
    Some(Assignment {
        id: id.into(),
        account: account.to_owned().into(),
        service: vec![],
        labels: labels
            .iter()
            .map(|&(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
    })
}

/// A single-part message skeleton; callers set what differs.
fn single(
    id: &str,
    from: &str,
    from_kind: FromKind,
    content: &[u8],
    encoding: Encoding,
    text: Option<&str>,
) -> InboundMessage {
    InboundMessage {
        id: id.into(),
        fingerprint: fingerprint::single(ACCOUNT, from, TO, content),
        received_at: "2025-03-01T12:34:56.789Z".into(),
        to: TO.into(),
        from: from.into(),
        from_kind,
        text: text.map(str::to_owned),
        lossy: false,
        raw_base64: None,
        encoding,
        language_shift: None,
        parts: 1,
        part_ids: vec![id.into()].into(),
        complete: true,
        missing_parts: vec![],
        late: false,
        otp: None,
        assignment: exclusive("1001", "demo-exclusive", &[]),
        carrier: carrier(BindKind::Transceiver),
        smpp: smpp(Command::SubmitSm, 0, 0, vec![]),
        reason: None,
    }
}

/// GSM 7-bit (unpacked), single part, OTP, routed with labels.
fn gsm_otp_routed() -> InboundMessage {
    let text = "Your code is 482913";
    let mut m = single(
        "0f3a9c000001",
        "+447700900123",
        FromKind::E164,
        text.as_bytes(),
        Encoding::Gsm7,
        Some(text),
    );
    m.otp = Some(OtpCode {
        code: "482913".into(),
    });
    m.assignment = exclusive(
        "1001",
        "demo-exclusive",
        &[("plan", "monthly"), ("customer", "c-77")],
    );
    m
}

/// UCS-2 with an emoji (a surrogate pair), from a short code, via the
/// message_payload TLV.
fn ucs2_emoji() -> InboundMessage {
    let text = "Код: 4821 🔐";
    let content: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let mut m = single(
        "0f3a9c000002",
        "32665",
        FromKind::ShortCode,
        &content,
        Encoding::Ucs2,
        Some(text),
    );
    m.otp = Some(OtpCode {
        code: "4821".into(),
    });
    m.smpp = smpp(Command::SubmitSm, 0x08, 0, vec![0x0424]);
    m
}

/// 8-bit binary data over data_sm: no text, raw bytes, no protocol_id.
fn binary() -> InboundMessage {
    let content = [0x00, 0x01, 0xfe, 0xff, 0x42];
    let mut m = single(
        "0f3a9c000003",
        "+447700900123",
        FromKind::E164,
        &content,
        Encoding::Binary,
        None,
    );
    m.raw_base64 = Some(B64.encode(content));
    m.smpp = smpp(Command::DataSm, 0x04, 0, vec![0x0424, 0x0205]);
    m
}

/// IA5 text with a byte outside ASCII: decoded with U+FFFD, lossy.
fn lossy_ascii() -> InboundMessage {
    let content = b"caf\xe9 ok";
    let mut m = single(
        "0f3a9c000004",
        "+447700900123",
        FromKind::E164,
        content,
        Encoding::Ascii,
        Some("caf\u{fffd} ok"),
    );
    m.lossy = true;
    m.raw_base64 = Some(B64.encode(content));
    m.smpp = smpp(Command::SubmitSm, 0x01, 0, vec![]);
    m
}

fn group(kind: ReferenceKind, reference: u16, total: u8) -> SegmentGroup {
    SegmentGroup {
        account: ACCOUNT.into(),
        from: "+905321234567".into(),
        to: TO.into(),
        kind,
        reference,
        total,
    }
}

/// A complete three-part GSM message with the Turkish shift tables, on
/// deliver_sm with a UDH (esm_class 0x40).
fn multipart_complete() -> InboundMessage {
    let parts: [(u8, &[u8]); 3] = [
        (1, b"Merhaba, bu uzun bir mesajin "),
        (2, b"ikinci parcasi ve "),
        (3, b"ucuncu parcasi."),
    ];
    let g = group(ReferenceKind::Udh8, 42, 3);
    InboundMessage {
        id: "0f3a9c000010".into(),
        fingerprint: fingerprint::multipart(&g, &parts),
        received_at: "2025-03-01T12:35:00.001Z".into(),
        to: TO.into(),
        from: g.from.as_str().into(),
        from_kind: FromKind::E164,
        text: Some("Merhaba, bu uzun bir mesajın ikinci parçası ve üçüncü parçası.".into()),
        lossy: false,
        raw_base64: None,
        encoding: Encoding::Gsm7,
        language_shift: Some("turkish".into()),
        parts: 3,
        part_ids: vec![
            "0f3a9c000010".into(),
            "0f3a9c000011".into(),
            "0f3a9c000012".into(),
        ]
        .into(),
        complete: true,
        missing_parts: vec![],
        late: false,
        otp: None,
        assignment: exclusive("1001", "demo-exclusive", &[("plan", "monthly")]),
        carrier: carrier(BindKind::Receiver),
        smpp: smpp(Command::DeliverSm, 0x00, 0x40, vec![]),
        reason: None,
    }
}

/// The same kind of message with segment 2 missing after the reassembly
/// timeout, on SAR TLVs.
fn multipart_incomplete() -> InboundMessage {
    let parts: [(u8, &[u8]); 2] = [(1, b"First part, "), (3, b"third part.")];
    let g = group(ReferenceKind::Sar, 0x1234, 3);
    InboundMessage {
        id: "0f3a9c000020".into(),
        fingerprint: fingerprint::multipart(&g, &parts),
        received_at: "2025-03-01T12:36:00.000Z".into(),
        to: TO.into(),
        from: g.from.as_str().into(),
        from_kind: FromKind::E164,
        text: Some("First part, third part.".into()),
        lossy: false,
        raw_base64: None,
        encoding: Encoding::Latin1,
        language_shift: None,
        parts: 3,
        part_ids: vec!["0f3a9c000020".into(), "0f3a9c000022".into()].into(),
        complete: false,
        missing_parts: vec![2],
        late: false,
        otp: None,
        assignment: exclusive("1001", "demo-exclusive", &[]),
        carrier: carrier(BindKind::Transceiver),
        smpp: smpp(Command::SubmitSm, 0x03, 0, vec![0x020c, 0x020e, 0x020f]),
        reason: None,
    }
}

/// The missing segment 2 arriving after its group was emitted.
fn multipart_late() -> InboundMessage {
    let parts: [(u8, &[u8]); 1] = [(2, b"second part, ")];
    let g = group(ReferenceKind::Sar, 0x1234, 3);
    InboundMessage {
        id: "0f3a9c000021".into(),
        fingerprint: fingerprint::multipart(&g, &parts),
        received_at: "2025-03-01T12:41:00.000Z".into(),
        to: TO.into(),
        from: g.from.as_str().into(),
        from_kind: FromKind::E164,
        text: Some("second part, ".into()),
        lossy: false,
        raw_base64: None,
        encoding: Encoding::Latin1,
        language_shift: None,
        parts: 3,
        part_ids: vec!["0f3a9c000021".into()].into(),
        complete: false,
        missing_parts: vec![1, 3],
        late: true,
        otp: None,
        assignment: exclusive("1001", "demo-exclusive", &[]),
        carrier: carrier(BindKind::Transceiver),
        smpp: smpp(Command::SubmitSm, 0x03, 0, vec![0x020c, 0x020e, 0x020f]),
        reason: None,
    }
}

/// An alphanumeric sender to a service-scoped rental.
fn alphanumeric_service() -> InboundMessage {
    let text = "Your WhatsApp code: 482-913";
    let mut m = single(
        "0f3a9c000005",
        "WhatsApp",
        FromKind::Alphanumeric,
        text.as_bytes(),
        Encoding::Gsm7,
        Some(text),
    );
    m.otp = Some(OtpCode {
        code: "482913".into(),
    });
    m.assignment = Some(Assignment {
        id: "1002".into(),
        account: "demo-whatsapp".into(),
        service: vec!["whatsapp".into()],
        labels: BTreeMap::from([("plan".to_owned(), "activation".to_owned())]),
    });
    m.smpp.source_addr_ton = 5;
    m.smpp.source_addr_npi = 0;
    m
}

/// No rental owns the number any more: the unrouted topic.
fn unrouted_expired() -> InboundMessage {
    let text = "Hello";
    let mut m = single(
        "0f3a9c000006",
        "+447700900123",
        FromKind::E164,
        text.as_bytes(),
        Encoding::Gsm7Packed,
        Some(text),
    );
    m.assignment = None;
    m.reason = Some("expired".into());
    m
}

/// A sender that could not be normalized, kept raw.
fn unknown_sender() -> InboundMessage {
    let text = "hi";
    let mut m = single(
        "0f3a9c000007",
        "00 12-ab",
        FromKind::Unknown,
        text.as_bytes(),
        Encoding::Cyrillic,
        Some(text),
    );
    m.assignment = None;
    m.reason = Some("unknown_number".into());
    m
}

fn all_records() -> Vec<(&'static str, InboundMessage)> {
    vec![
        ("gsm_otp_routed", gsm_otp_routed()),
        ("ucs2_emoji", ucs2_emoji()),
        ("binary", binary()),
        ("lossy_ascii", lossy_ascii()),
        ("multipart_complete", multipart_complete()),
        ("multipart_incomplete", multipart_incomplete()),
        ("multipart_late", multipart_late()),
        ("alphanumeric_service", alphanumeric_service()),
        ("unrouted_expired", unrouted_expired()),
        ("unknown_sender", unknown_sender()),
    ]
}

fn to_value(m: &InboundMessage) -> Value {
    serde_json::to_value(m).expect("serialize")
}

// ---------------------------------------------------------------- tests

#[test]
fn constants() {
    assert_eq!(SCHEMA, "inbound.v1");
    assert_eq!(SEGMENT_SCHEMA, "inbound.segment.v1");
    assert_eq!(TOPIC_INBOUND, "sms.inbound");
    assert_eq!(TOPIC_UNROUTED, "sms.inbound.unrouted");
    assert_eq!(TOPIC_SEGMENTS, "sms.inbound.segments");
    assert_eq!(HEADER_SCHEMA, "inlet-schema");
    assert_eq!(HEADER_CONTENT_TYPE, "content-type");
    assert_eq!(CONTENT_TYPE, "application/json");
}

#[test]
fn every_kind_of_record_is_valid() {
    let v = Validator::new();
    for (name, m) in all_records() {
        v.assert_valid(name, &to_value(&m));
        assert!(fingerprint::is_valid(m.fingerprint.as_str()), "{name}");
        assert_eq!(
            m.topic(),
            if m.assignment.is_some() {
                TOPIC_INBOUND
            } else {
                TOPIC_UNROUTED
            }
        );
    }
}

#[test]
fn absent_fields_are_omitted_not_null() {
    let b = to_value(&binary());
    let obj = b.as_object().expect("object");
    for absent in ["text", "language_shift", "otp", "reason"] {
        assert!(!obj.contains_key(absent), "{absent}");
    }
    assert!(
        !obj["smpp"]
            .as_object()
            .expect("smpp")
            .contains_key("protocol_id")
    );
    let u = to_value(&unrouted_expired());
    assert!(!u.as_object().expect("object").contains_key("assignment"));
    assert!(!u.as_object().expect("object").contains_key("raw_base64"));
    let g = to_value(&gsm_otp_routed());
    assert!(
        !g["assignment"]
            .as_object()
            .expect("a")
            .contains_key("service")
    );
    assert_eq!(g["missing_parts"], json!([]));
    assert_eq!(to_value(&unknown_sender())["assignment"], Value::Null);
}

/// Every field the Rust type can write is described by the schema, and
/// every field the schema requires is always written.
#[test]
fn schema_and_type_agree_on_fields() {
    let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("schema");
    let props = schema["properties"].as_object().expect("properties");
    let mut written = std::collections::BTreeSet::new();
    for (_, m) in all_records() {
        let value = to_value(&m);
        for key in value.as_object().expect("object").keys() {
            assert!(props.contains_key(key), "{key} not in schema");
            written.insert(key.clone());
        }
        for (nested, value) in [("carrier", &value["carrier"]), ("smpp", &value["smpp"])] {
            let nested_props = props[nested]["properties"].as_object().expect("nested");
            for key in value.as_object().expect("object").keys() {
                assert!(nested_props.contains_key(key), "{nested}.{key}");
            }
        }
    }
    for key in props.keys() {
        assert!(written.contains(key), "schema field {key} never written");
    }
    for required in schema["required"].as_array().expect("required") {
        let required = required.as_str().expect("name");
        let minimal = to_value(&binary());
        assert!(
            minimal.get(required).is_some(),
            "{required} not always written"
        );
    }
}

/// Consumers tolerate fields added later: so do the schema and the type.
#[test]
fn unknown_fields_are_tolerated() {
    let v = Validator::new();
    let mut value = to_value(&gsm_otp_routed());
    value["added_in_v1_1"] = json!({"anything": [1, 2]});
    value["carrier"]["region"] = json!("eu");
    value["assignment"]["tier"] = json!(3);
    v.assert_valid("with extra fields", &value);
    let back: InboundMessage = serde_json::from_value(value).expect("deserialize");
    assert_eq!(back, gsm_otp_routed());
}

#[test]
fn invalid_records_fail() {
    let v = Validator::new();
    type Mutation = fn(&mut Value);
    let cases: Vec<(&str, &str, Mutation)> = vec![
        ("wrong encoding", "properties/encoding/enum", |r| {
            r["encoding"] = json!("utf8")
        }),
        ("wrong from_kind", "properties/from_kind/enum", |r| {
            r["from_kind"] = json!("email")
        }),
        ("wrong bind", "bind/enum", |r| {
            r["carrier"]["bind"] = json!("outbind")
        }),
        ("wrong command", "command/enum", |r| {
            r["smpp"]["command"] = json!("query_sm")
        }),
        ("wrong language_shift", "language_shift/enum", |r| {
            r["language_shift"] = json!("klingon")
        }),
        ("missing id", "missing properties 'id'", |r| remove(r, "id")),
        (
            "missing fingerprint",
            "missing properties 'fingerprint'",
            |r| remove(r, "fingerprint"),
        ),
        (
            "missing received_at",
            "missing properties 'received_at'",
            |r| remove(r, "received_at"),
        ),
        ("missing to", "missing properties 'to'", |r| remove(r, "to")),
        ("missing from", "missing properties 'from'", |r| {
            remove(r, "from")
        }),
        ("missing encoding", "missing properties 'encoding'", |r| {
            remove(r, "encoding")
        }),
        ("missing lossy", "missing properties 'lossy'", |r| {
            remove(r, "lossy")
        }),
        ("missing parts", "missing properties 'parts'", |r| {
            remove(r, "parts")
        }),
        ("missing part_ids", "missing properties 'part_ids'", |r| {
            remove(r, "part_ids")
        }),
        ("missing complete", "missing properties 'complete'", |r| {
            remove(r, "complete")
        }),
        (
            "missing missing_parts",
            "missing properties 'missing_parts'",
            |r| remove(r, "missing_parts"),
        ),
        ("missing late", "missing properties 'late'", |r| {
            remove(r, "late")
        }),
        ("missing carrier", "missing properties 'carrier'", |r| {
            remove(r, "carrier")
        }),
        ("missing smpp", "missing properties 'smpp'", |r| {
            remove(r, "smpp")
        }),
        (
            "missing smpp.tlv_tags",
            "missing properties 'tlv_tags'",
            |r| remove(&mut r["smpp"], "tlv_tags"),
        ),
        (
            "missing carrier.session",
            "missing properties 'session'",
            |r| remove(&mut r["carrier"], "session"),
        ),
        (
            "missing assignment.account",
            "missing properties 'account'",
            |r| remove(&mut r["assignment"], "account"),
        ),
        ("text missing for gsm7", "allOf/1/else/required", |r| {
            remove(r, "text")
        }),
        ("binary with text", "allOf/1/then/not", |r| {
            r["encoding"] = json!("binary");
            r["raw_base64"] = json!("AAE=");
        }),
        ("binary without raw", "allOf/1/then/required", |r| {
            r["encoding"] = json!("binary");
            remove(r, "text");
        }),
        ("lossy without raw", "allOf/2/then/required", |r| {
            r["lossy"] = json!(true)
        }),
        ("reason with assignment", "allOf/0/oneOf", |r| {
            r["reason"] = json!("expired")
        }),
        ("neither reason nor assignment", "allOf/0/oneOf", |r| {
            remove(r, "assignment")
        }),
        ("bad reason", "reason/pattern", |r| {
            remove(r, "assignment");
            r["reason"] = json!("Not Found");
        }),
        ("fingerprint uppercase", "fingerprint/pattern", |r| {
            r["fingerprint"] = json!("ABCDEF0123456789ABCDEF0123456789")
        }),
        ("fingerprint short", "fingerprint/pattern", |r| {
            r["fingerprint"] = json!("abc")
        }),
        ("received_at seconds only", "received_at/pattern", |r| {
            r["received_at"] = json!("2025-03-01T12:34:56Z")
        }),
        ("received_at with offset", "received_at/pattern", |r| {
            r["received_at"] = json!("2025-03-01T12:34:56.789+01:00")
        }),
        ("received_at impossible date", "received_at/format", |r| {
            r["received_at"] = json!("2025-02-30T12:34:56.789Z")
        }),
        ("to without plus", "'/to' [S#/$defs/e164/pattern]", |r| {
            r["to"] = json!("14035551234")
        }),
        ("to too long", "'/to' [S#/$defs/e164/pattern]", |r| {
            r["to"] = json!("+1234567890123456")
        }),
        (
            "e164 sender not a number",
            "'/from' [S#/$defs/e164/pattern]",
            |r| r["from"] = json!("WhatsApp"),
        ),
        (
            "short code with letters",
            "allOf/5/then/properties/from/pattern",
            |r| {
                r["from_kind"] = json!("short_code");
                r["from"] = json!("32a65");
            },
        ),
        ("complete with missing parts", "allOf/3/then", |r| {
            r["missing_parts"] = json!([2])
        }),
        ("incomplete without missing parts", "allOf/3/else", |r| {
            r["complete"] = json!(false)
        }),
        ("parts zero", "parts/minimum", |r| r["parts"] = json!(0)),
        ("parts over 255", "parts/maximum", |r| {
            r["parts"] = json!(256)
        }),
        ("part_ids empty", "part_ids/minItems", |r| {
            r["part_ids"] = json!([])
        }),
        (
            "esm_class over 255",
            "'/smpp/esm_class' [S#/$defs/u8/maximum]",
            |r| r["smpp"]["esm_class"] = json!(256),
        ),
        ("tlv tag over 65535", "tlv_tags/items/maximum", |r| {
            r["smpp"]["tlv_tags"] = json!([65536])
        }),
        ("otp without code", "otp/required", |r| r["otp"] = json!({})),
        (
            "label value not a string",
            "labels/additionalProperties/type",
            |r| r["assignment"]["labels"]["plan"] = json!(1),
        ),
        ("raw_base64 not base64", "raw_base64/contentEncoding", |r| {
            r["lossy"] = json!(true);
            r["raw_base64"] = json!("not base64!");
        }),
        ("null text", "text/type", |r| r["text"] = Value::Null),
        ("lossy not a boolean", "lossy/type", |r| {
            r["lossy"] = json!("false")
        }),
        ("not an object", "[S#/type]", |r| *r = json!([1, 2])),
    ];
    let base = to_value(&gsm_otp_routed());
    v.assert_valid("base", &base);
    for (name, expected, mutate) in cases {
        let mut r = base.clone();
        mutate(&mut r);
        v.assert_invalid(name, expected, &r);
    }
}

fn remove(value: &mut Value, key: &str) {
    value
        .as_object_mut()
        .expect("object")
        .remove(key)
        .expect("field present");
}

#[test]
fn serde_round_trip() {
    for (name, m) in all_records() {
        let json = serde_json::to_string(&m).expect("serialize");
        let back: InboundMessage = serde_json::from_str(&json).expect("deserialize");
        assert_eq!(back, m, "{name}");
        assert_eq!(serde_json::to_string(&back).expect("again"), json, "{name}");
    }
}

/// Field names and value spellings are final: this snapshot must never
/// change except by adding fields.
#[test]
fn pinned_snapshot() {
    let expected = r#"{
  "id": "0f3a9c000001",
  "fingerprint": "2677246938c7cf802c154ce14f6400e6",
  "received_at": "2025-03-01T12:34:56.789Z",
  "to": "+14035551234",
  "from": "+447700900123",
  "from_kind": "e164",
  "text": "Your code is 482913",
  "lossy": false,
  "encoding": "gsm7",
  "parts": 1,
  "part_ids": [
    "0f3a9c000001"
  ],
  "complete": true,
  "missing_parts": [],
  "late": false,
  "otp": {
    "code": "482913"
  },
  "assignment": {
    "id": "1001",
    "account": "demo-exclusive",
    "labels": {
      "customer": "c-77",
      "plan": "monthly"
    }
  },
  "carrier": {
    "system_id": "carrier-a",
    "bind": "transceiver",
    "session": "node-0/17"
  },
  "smpp": {
    "command": "submit_sm",
    "esm_class": 0,
    "data_coding": 0,
    "protocol_id": 0,
    "source_addr_ton": 1,
    "source_addr_npi": 1,
    "dest_addr_ton": 1,
    "dest_addr_npi": 1,
    "tlv_tags": []
  }
}"#;
    let actual = serde_json::to_string_pretty(&gsm_otp_routed()).expect("serialize");
    assert_eq!(actual, expected);
}

/// The unrouted and binary spellings, compact.
#[test]
fn pinned_snapshot_unrouted_binary() {
    let mut m = binary();
    m.assignment = None;
    m.reason = Some("no_service_match".into());
    m.carrier.bind = BindKind::Transmitter;
    let expected = concat!(
        r#"{"id":"0f3a9c000003","fingerprint":"b77aaefeeede0d5e26752c9606d1c296","#,
        r#""received_at":"2025-03-01T12:34:56.789Z","to":"+14035551234","from":"+447700900123","#,
        r#""from_kind":"e164","lossy":false,"raw_base64":"AAH+/0I=","encoding":"binary","#,
        r#""parts":1,"part_ids":["0f3a9c000003"],"complete":true,"missing_parts":[],"late":false,"#,
        r#""carrier":{"system_id":"carrier-a","bind":"transmitter","session":"node-0/17"},"#,
        r#""smpp":{"command":"data_sm","esm_class":0,"data_coding":4,"source_addr_ton":1,"#,
        r#""source_addr_npi":1,"dest_addr_ton":1,"dest_addr_npi":1,"tlv_tags":[1060,517]},"#,
        r#""reason":"no_service_match"}"#
    );
    assert_eq!(serde_json::to_string(&m).expect("serialize"), expected);
    Validator::new().assert_valid("unrouted binary", &to_value(&m));
}

/// Every enum value as the record spells it, from serde and `as_str`.
#[test]
fn enum_spellings() {
    let encodings = [
        (Encoding::Gsm7, "gsm7"),
        (Encoding::Gsm7Packed, "gsm7_packed"),
        (Encoding::Ucs2, "ucs2"),
        (Encoding::Latin1, "latin1"),
        (Encoding::Ascii, "ascii"),
        (Encoding::Cyrillic, "cyrillic"),
        (Encoding::Hebrew, "hebrew"),
        (Encoding::Jis, "jis"),
        (Encoding::KanjiExt, "kanji_ext"),
        (Encoding::Ksc5601, "ksc5601"),
        (Encoding::Binary, "binary"),
    ];
    let schema: Value = serde_json::from_str(SCHEMA_JSON).expect("schema");
    let in_schema = |path: &str| -> Vec<String> {
        schema
            .pointer(path)
            .and_then(Value::as_array)
            .expect("enum")
            .iter()
            .map(|v| v.as_str().expect("str").to_owned())
            .collect()
    };
    let check = |values: Vec<(Value, &str)>, path: &str| {
        let names: Vec<String> = values
            .iter()
            .map(|(v, s)| {
                assert_eq!(v, &json!(s));
                (*s).to_owned()
            })
            .collect();
        assert_eq!(names, in_schema(path), "{path}");
    };
    check(
        encodings
            .iter()
            .map(|(e, s)| {
                assert_eq!(e.as_str(), *s);
                (json!(e), *s)
            })
            .collect(),
        "/properties/encoding/enum",
    );
    check(
        [
            (FromKind::E164, "e164"),
            (FromKind::ShortCode, "short_code"),
            (FromKind::Alphanumeric, "alphanumeric"),
            (FromKind::Unknown, "unknown"),
        ]
        .iter()
        .map(|(k, s)| {
            assert_eq!(k.as_str(), *s);
            (json!(k), *s)
        })
        .collect(),
        "/properties/from_kind/enum",
    );
    check(
        [
            (BindKind::Transmitter, "transmitter"),
            (BindKind::Receiver, "receiver"),
            (BindKind::Transceiver, "transceiver"),
        ]
        .iter()
        .map(|(k, s)| {
            assert_eq!(k.as_str(), *s);
            (json!(k), *s)
        })
        .collect(),
        "/properties/carrier/properties/bind/enum",
    );
    check(
        [
            (Command::SubmitSm, "submit_sm"),
            (Command::DeliverSm, "deliver_sm"),
            (Command::DataSm, "data_sm"),
        ]
        .iter()
        .map(|(k, s)| {
            assert_eq!(k.as_str(), *s);
            (json!(k), *s)
        })
        .collect(),
        "/properties/smpp/properties/command/enum",
    );
    for (k, s) in [
        (ReferenceKind::Udh8, "udh8"),
        (ReferenceKind::Udh16, "udh16"),
        (ReferenceKind::Sar, "sar"),
    ] {
        assert_eq!(json!(k), json!(s));
        assert_eq!(k.as_str(), s);
    }
}

fn segment() -> SegmentRecord {
    SegmentRecord {
        group: group(ReferenceKind::Udh16, 513, 2),
        seq: 2,
        id: "0f3a9c000031".into(),
        received_at: "2025-03-01T12:35:00.250Z".into(),
        from_kind: FromKind::E164,
        content_base64: B64.encode(b"part two"),
        udh_length: 7,
        encoding: Encoding::Gsm7Packed,
        language_locking_shift: Some(1),
        language_single_shift: None,
        assignment: exclusive("1001", "demo-exclusive", &[]),
        reason: None,
        carrier: carrier(BindKind::Transceiver),
        smpp: smpp(Command::SubmitSm, 0x00, 0x40, vec![]),
    }
}

#[test]
fn segment_round_trip_and_snapshot() {
    let s = segment();
    let json = serde_json::to_string(&s).expect("serialize");
    let expected = concat!(
        r#"{"group":{"account":"carrier-a","from":"+905321234567","to":"+14035551234","#,
        r#""kind":"udh16","reference":513,"total":2},"seq":2,"id":"0f3a9c000031","#,
        r#""received_at":"2025-03-01T12:35:00.250Z","from_kind":"e164","#,
        r#""content_base64":"cGFydCB0d28=","udh_length":7,"encoding":"gsm7_packed","#,
        r#""language_locking_shift":1,"#,
        r#""assignment":{"id":"1001","account":"demo-exclusive","labels":{}},"#,
        r#""carrier":{"system_id":"carrier-a","bind":"transceiver","session":"node-0/17"},"#,
        r#""smpp":{"command":"submit_sm","esm_class":64,"data_coding":0,"protocol_id":0,"#,
        r#""source_addr_ton":1,"source_addr_npi":1,"dest_addr_ton":1,"dest_addr_npi":1,"#,
        r#""tlv_tags":[]}}"#
    );
    assert_eq!(json, expected);
    let back: SegmentRecord = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, s);
    assert_eq!(
        s.group.key(),
        "carrier-a|+905321234567|+14035551234|udh16|513|2"
    );
}

/// The fingerprints of the records above, pinned: they are part of what
/// consumers store.
#[test]
fn record_fingerprints_are_pinned() {
    let pinned = [
        ("gsm_otp_routed", "2677246938c7cf802c154ce14f6400e6"),
        ("binary", "b77aaefeeede0d5e26752c9606d1c296"),
        ("multipart_complete", "3624de7f8fdde9045bfdacc915505fe9"),
        ("multipart_incomplete", "58e43bb79a03f67bdedcd139da5e2e6c"),
    ];
    let records = all_records();
    for (name, fp) in pinned {
        let (_, m) = records.iter().find(|(n, _)| *n == name).expect("record");
        assert_eq!(m.fingerprint, fp, "{name}");
    }
    // A retry (new id, time, session) keeps the fingerprint.
    let mut retry = gsm_otp_routed();
    retry.id = "0f3a9c0000ff".into();
    retry.received_at = "2025-03-01T12:35:26.000Z".into();
    retry.carrier.session = "node-1/3".into();
    let text = retry.text.as_deref().expect("text");
    assert_eq!(
        fingerprint::single(ACCOUNT, &retry.from, &retry.to, text.as_bytes()),
        gsm_otp_routed().fingerprint
    );
}
