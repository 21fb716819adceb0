"""§8.1: multipart upload (built by hand) — check order, limits, text extraction, auto-enqueued ingestion."""

import io
import unittest
import uuid
import zipfile

from support import ApiTestCase, call, multipart, new_tenant, upload

ALLOWED = "Allowed: .csv, .docx, .md, .pdf, .txt"
GUIDE = ("# Release guide\n\nDeployments run every Tuesday. Rollbacks use the previous image tag.\n\n"
         "Grüße an das Ops-Team — the on-call rotation changes on Mondays. 🚀\n") * 8


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), offsets computed for the xref table."""
    content = b"BT /F1 12 Tf 72 720 Td 14 TL " + b" ".join(b"(" + line.encode("latin-1") + b") '" for line in lines)
    content += b" ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def minimal_docx(paragraphs: list[str]) -> bytes:
    """The three parts a WordprocessingML package needs: content types, the package relationship, the body."""
    ns = "http://schemas.openxmlformats.org/"
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    parts = {
        "[Content_Types].xml":
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{ns}package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        "_rels/.rels":
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{ns}package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{ns}officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        "word/document.xml":
            f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{ns}wordprocessingml/2006/main">'
            f"<w:body>{body}</w:body></w:document>",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


class UploadTest(ApiTestCase):
    """Multipart uploads into a fresh tenant and bot, per test."""

    def setUp(self):
        self.tenant = new_tenant("upload")
        self.bot_id = self.bot(self.tenant.token)["id"]

    def post(self, filename: str, content: bytes, **fields):
        return upload(self.tenant.token, {"bot_profile_id": self.bot_id, **fields}, {"file": (filename, content)})

    def test_markdown_upload_is_ingested_automatically(self):
        data = GUIDE.encode()
        response = self.post("release-guide.md", data)
        self.assertEqual(response.status, 201, response.body)
        source = response.json()
        self.assertEqual((source["source_type"], source["status"], source["name"], source["description"]),
                         ("upload", "pending", "release-guide.md", ""))
        self.assertEqual(source["config"], {"original_filename": "release-guide.md", "file_size": len(data)})
        ready = self.wait_for_status(self.tenant.token, source["id"])
        self.assertEqual(ready["status"], "ready", ready["error_message"])
        self.assertEqual(ready["document_count"], 1)
        self.assertGreaterEqual(ready["chunk_count"], 2)

    def test_pdf_and_docx_text_is_extracted(self):
        documents = (("handbook.pdf", minimal_pdf(["Holiday policy: 30 days per year.", "Carry-over ends in March."])),
                     ("policy.DOCX", minimal_docx(["Expenses are reimbursed monthly.", "Receipts are required."])))
        for filename, data in documents:
            with self.subTest(filename=filename):
                response = self.post(filename, data, name="Policy", description="HR")
                self.assertEqual(response.status, 201, response.body)
                self.assertEqual((response.json()["name"], response.json()["description"]), ("Policy", "HR"))
                ready = self.wait_for_status(self.tenant.token, response.json()["id"])
                self.assertEqual((ready["status"], ready["chunk_count"]), ("ready", 1), ready["error_message"])

    def test_empty_name_part_counts_as_absent(self):
        response = self.post("notes.txt", b"plain notes", name="")
        self.assertEqual(response.json()["name"], "notes.txt")

    def test_extension_rules(self):
        self.assertDetail(self.post("setup.exe", b"MZ"), 422, f"Unsupported file type: .exe. {ALLOWED}")
        self.assertDetail(self.post("README", b"x"), 422, f"Unsupported file type: . {ALLOWED}")
        self.assertDetail(self.post("archive.tar.GZ", b"x"), 422, f"Unsupported file type: .gz. {ALLOWED}")
        self.assertEqual(self.post("DATA.CSV", b"a,b\n1,2\n").status, 201)

    def test_size_limit_is_10_mib(self):
        # Whitespace lines: quick to parse as multipart, and nothing is left to chunk, so the worker does no work.
        limit = 10 * 1024 * 1024
        at_limit = (b" " * 63 + b"\n") * (limit // 64)
        self.assertEqual(len(at_limit), limit)
        accepted = self.post("max.txt", at_limit)
        self.assertEqual(accepted.status, 201)
        self.assertDetail(self.post("big.txt", at_limit + b" "), 422, "File too large. Maximum size is 10 MB.")
        failed = self.wait_for_status(self.tenant.token, accepted.json()["id"])
        self.assertEqual(failed["error_message"], "Chunking produced no output")

    def test_check_order_extension_then_size_then_bot(self):
        other = new_tenant("upload2")
        foreign_bot = self.bot(other.token)["id"]
        response = upload(self.tenant.token, {"bot_profile_id": foreign_bot}, {"file": ("x.exe", b"MZ")})
        self.assertDetail(response, 422, f"Unsupported file type: .exe. {ALLOWED}")
        response = upload(self.tenant.token, {"bot_profile_id": foreign_bot}, {"file": ("x.txt", b"hello")})
        self.assertDetail(response, 422, "Bot profile not found or belongs to a different tenant")
        response = self.post("x.txt", b"hello", parent_id=str(uuid.uuid4()))
        self.assertDetail(response, 404, "Source not found")

    def test_upload_as_child_of_a_parent(self):
        parent = self.source(self.tenant.token, self.bot_id, source_type="upload", name="Bundle")
        response = self.post("part.txt", b"Part one of the bundle. " * 10, parent_id=parent["id"])
        self.assertEqual(response.json()["parent_id"], parent["id"])
        self.wait_for_status(self.tenant.token, response.json()["id"])
        self.assertEqual(self.get_json(self.tenant.token, f"/v1/sources/{parent['id']}")["status"], "ready")

    def test_missing_parts_are_validation_errors(self):
        response = upload(self.tenant.token, {"bot_profile_id": self.bot_id}, {})
        self.assertValidation(response, {"type": "missing", "loc": ["body", "file"]})
        response = upload(self.tenant.token, {}, {"file": ("a.txt", b"x")})
        self.assertValidation(response, {"type": "missing", "loc": ["body", "bot_profile_id"]})

    def test_unparseable_multipart_is_400(self):
        body, _ = multipart({"bot_profile_id": self.bot_id}, {"file": ("a.txt", b"x")})
        response = call("POST", "/v1/sources/upload", token=self.tenant.token, data=body,
                        headers={"Content-Type": "multipart/form-data"})
        self.assertDetail(response, 400, "There was an error parsing the body")

    def test_non_utf8_text_is_a_500(self):
        self.assertPlain500(self.post("latin1.txt", "Grüße".encode("latin-1")))

    def test_upload_needs_authentication(self):
        body, content_type = multipart({"bot_profile_id": self.bot_id}, {"file": ("a.txt", b"x")})
        response = call("POST", "/v1/sources/upload", data=body, headers={"Content-Type": content_type})
        self.assertDetail(response, 401, "Not authenticated")


if __name__ == "__main__":
    unittest.main()
