//! A small element tree over quick-xml, for the parts of a .docx.
//!
//! OOXML parts are read whole and walked recursively, which is far simpler
//! than a streaming state machine for nested runs, insertions, text boxes
//! and tables. Names are kept as local names (`w:p` → `p`), so transitional
//! and strict OOXML (different namespace URIs, same local names) read alike.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use crate::import::messages::Msg;

/// Deeper nesting than this is refused rather than recursed into (a hostile
/// file could otherwise overflow the stack of the walkers).
pub(crate) const MAX_DEPTH: usize = 256;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Element {
    /// Local name, without the namespace prefix.
    pub name: String,
    /// (local name, unescaped value).
    pub attrs: Vec<(String, String)>,
    pub children: Vec<Node>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    /// The value of the attribute with this local name (`w:val` → `val`).
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Child elements, in order.
    pub fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    /// The first child element with this local name.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    /// The concatenated text directly inside this element.
    pub fn text(&self) -> String {
        self.children
            .iter()
            .filter_map(|n| match n {
                Node::Text(t) => Some(t.as_str()),
                Node::Element(_) => None,
            })
            .collect()
    }

    /// `w:val` of the child element `name`, if that child exists.
    pub fn child_val(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.attr("val"))
    }
}

/// Parses one XML part (`part` names it in errors) into its root element.
pub(crate) fn parse(part: &str, bytes: &[u8]) -> Result<Element, Msg> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let broken = |reader: &quick_xml::Reader<&[u8]>, error: String| Msg::BrokenXml {
        part: part.to_string(),
        offset: reader.error_position(),
        error,
    };
    // The open elements; the bottom one collects the root.
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader
            .read_event()
            .map_err(|e| broken(&reader, e.to_string()))?;
        match event {
            Event::Start(start) => {
                if stack.len() > MAX_DEPTH {
                    return Err(Msg::XmlTooDeep {
                        part: part.to_string(),
                        limit: MAX_DEPTH,
                    });
                }
                stack.push(element(&start).map_err(|e| broken(&reader, e))?);
            }
            Event::Empty(start) => {
                let el = element(&start).map_err(|e| broken(&reader, e))?;
                push_child(&mut stack, Node::Element(el));
            }
            Event::End(_) => {
                let Some(done) = stack.pop().filter(|_| !stack.is_empty()) else {
                    return Err(broken(&reader, "unexpected end tag".to_string()));
                };
                push_child(&mut stack, Node::Element(done));
            }
            Event::Text(text) => {
                let text = text
                    .xml10_content()
                    .map_err(|e| broken(&reader, e.to_string()))?;
                push_text(&mut stack, &text);
            }
            Event::CData(data) => {
                let text = String::from_utf8_lossy(&data).into_owned();
                push_text(&mut stack, &text);
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => named_entity(&reference.decode().unwrap_or_default())
                        .ok_or_else(|| broken(&reader, "unknown entity".to_string()))?
                        .to_string(),
                    Err(e) => return Err(broken(&reader, e.to_string())),
                };
                push_text(&mut stack, &resolved);
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if stack.len() != 1 {
        return Err(broken(
            &reader,
            "the part ends inside an element".to_string(),
        ));
    }
    let root = stack.pop().unwrap_or_default();
    root.children
        .into_iter()
        .find_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
        .ok_or_else(|| broken(&reader, "no root element".to_string()))
}

fn element(start: &BytesStart) -> Result<Element, String> {
    let mut attrs = Vec::new();
    for attr in start.attributes().with_checks(false) {
        let attr = attr.map_err(|e| e.to_string())?;
        let value = attr.unescape_value().map_err(|e| e.to_string())?;
        attrs.push((local(attr.key.local_name().as_ref()), value.into_owned()));
    }
    Ok(Element {
        name: local(start.local_name().as_ref()),
        attrs,
        children: Vec::new(),
    })
}

fn local(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn push_child(stack: &mut [Element], node: Node) {
    if let Some(top) = stack.last_mut() {
        top.children.push(node);
    }
}

/// Appends text, merging with a text node just before (entities arrive as
/// separate events).
fn push_text(stack: &mut [Element], text: &str) {
    let Some(top) = stack.last_mut() else { return };
    if let Some(Node::Text(last)) = top.children.last_mut() {
        last.push_str(text);
    } else {
        top.children.push(Node::Text(text.to_string()));
    }
}

fn named_entity(name: &str) -> Option<Cow<'static, str>> {
    Some(Cow::Borrowed(match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => return None,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_attributes_text_and_entities() {
        let root = parse(
            "t.xml",
            br#"<?xml version="1.0"?><w:document xmlns:w="x"><w:p w:rsid="1"><w:r><w:t xml:space="preserve">a &amp; b&#x4E00;</w:t></w:r><w:br/></w:p></w:document>"#,
        )
        .unwrap();
        assert_eq!(root.name, "document");
        let p = root.child("p").unwrap();
        assert_eq!(p.attr("rsid"), Some("1"));
        let t = p.child("r").unwrap().child("t").unwrap();
        assert_eq!(t.text(), "a & b一");
        assert_eq!(t.attr("space"), Some("preserve"));
        assert!(p.child("br").is_some());
    }

    #[test]
    fn broken_and_deep_xml_are_errors() {
        let e = parse("word/document.xml", b"<a><b></a>").unwrap_err();
        assert!(
            matches!(&e, Msg::BrokenXml { part, .. } if part == "word/document.xml"),
            "{e:?}"
        );
        let deep = "<a>".repeat(MAX_DEPTH + 10) + &"</a>".repeat(MAX_DEPTH + 10);
        assert!(matches!(
            parse("p", deep.as_bytes()),
            Err(Msg::XmlTooDeep { .. })
        ));
        assert!(parse("p", b"").is_err());
    }
}
