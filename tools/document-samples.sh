#!/usr/bin/env bash
# Generates one sample of each of the nine documents (文书) from a realistic case driven through the API:
# builds src/Api, starts it in Development on a fresh SQLite file under .samples/ (ignored by git), makes an
# administrator and a token with the `user add` and `token` verbs, sets the agency's document prefixes, review body
# and court, registers the case and records each step, issues each document and saves the issued DOCX and a PNG of
# its printable page (headless Chromium). Usage, from anywhere in the repository:
#   tools/document-samples.sh [output folder, default docs/文书样例]
# Environment: SAMPLES_PORT (default 5111), CHROMIUM (default /usr/bin/chromium).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=${1:-docs/文书样例}
case $OUT in /*) ;; *) OUT=$ROOT/$OUT ;; esac
PORT=${SAMPLES_PORT:-5111}
API=http://127.0.0.1:$PORT
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
WORK=$ROOT/.samples
DLL=$ROOT/src/Api/bin/Debug/net10.0/CaseTracker.Api.dll
SERVER_PID=
STEP="start"
STARTED=$(date +%s)

step() { STEP=$1; echo "== $STEP"; }

cleanup() {
  local rc=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [ $rc -ne 0 ]; then
    echo "document-samples.sh: FAILED at step: $STEP (exit $rc); service log: $WORK/service.log" >&2
  fi
  exit $rc
}
trap cleanup EXIT

# The service and the verbs run with .samples/ as content root: database, signing key and key certificate all land there.
export ASPNETCORE_ENVIRONMENT=Development DOTNET_ENVIRONMENT=Development
export ASPNETCORE_CONTENTROOT=$WORK DOTNET_CONTENTROOT=$WORK
export Database__Provider=Sqlite
export Database__ConnectionString="Data Source=$WORK/data/casetracker.db"

# api METHOD PATH [JSON] → prints the response body; any status other than 2xx prints the problem and fails.
api() {
  local method=$1 path=$2 body=${3:-} code
  local args=(-sS -o "$WORK/response" -w '%{http_code}' -X "$method" "$API$path"
    -H "Authorization: Bearer $TOKEN" -H 'Accept-Language: zh-CN')
  if [ -n "$body" ]; then args+=(-H 'Content-Type: application/json' --data-binary "$body"); fi
  code=$(curl "${args[@]}")
  if [[ $code != 2* ]]; then
    echo "HTTP $code for $method $path" >&2
    cat "$WORK/response" >&2; echo >&2
    return 1
  fi
  cat "$WORK/response"
}

# field KEY[.KEY…] < JSON → the value (strings bare, objects as JSON).
field() {
  python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))' "$1"
}

PRINT_LOOK='body.document-page{margin:0;padding:0;background:#fff} .document-toolbar{display:none} '\
'.document-sheet{box-sizing:border-box;width:210mm;min-height:297mm;margin:0;border:none;box-shadow:none}'
SEQ=0
INDEX=()
# issue CASE_ID KIND JSON_BODY DESCRIPTION → issues the document, saves NN-Kind.docx and NN-Kind.png.
issue() {
  local case_id=$1 kind=$2 body=$3 what=$4 issued doc_id number issued_on name
  step "issue $kind"
  issued=$(api POST "/api/cases/$case_id/documents" "$body")
  doc_id=$(field id <<<"$issued")
  number=$(field number <<<"$issued")
  issued_on=$(field issuedOn <<<"$issued")
  SEQ=$((SEQ + 1))
  name=$(printf '%02d-%s' "$SEQ" "$kind")
  step "download $name.docx"
  curl -sSf -o "$OUT/$name.docx" "$API/api/cases/$case_id/documents/$doc_id" -H "Authorization: Bearer $TOKEN"
  [ "$(sha256sum "$OUT/$name.docx" | cut -d' ' -f1)" = "$(field sha256 <<<"$issued" | tr 'A-F' 'a-f')" ] \
    || { echo "$name.docx is not the issued document (SHA-256 differs)" >&2; return 1; }
  step "download the printable page of $kind"
  curl -sSf -o "$WORK/$name.html" "$API/api/cases/$case_id/documents/$doc_id?format=html" \
    -H "Authorization: Bearer $TOKEN" -H 'Accept-Language: zh-CN'
  step "screenshot $name.png"
  # The page as printed: its stylesheet from the service (<base>), the print toolbar hidden, the sheet exactly A4 wide.
  sed -e "s|<head>|<head><base href=\"$API/\" />|" -e "s|</head>|<style>$PRINT_LOOK</style></head>|" "$WORK/$name.html" >"$WORK/$name.print.html"
  "$CHROMIUM" --headless --no-sandbox --disable-gpu --hide-scrollbars --force-device-scale-factor=1 \
    --user-data-dir="$WORK/chromium" --window-size=794,1123 --screenshot="$OUT/$name.png" \
    "file://$WORK/$name.print.html" >"$WORK/chromium.log" 2>&1
  [ -s "$OUT/$name.png" ] || { echo "no PNG for $kind" >&2; return 1; }
  INDEX+=("| \`$name.docx\` / \`$name.png\` | $what | $number | $issued_on |")
  echo "   $kind $number ($issued_on)"
}

step "prerequisites"
for tool in dotnet curl python3 "$CHROMIUM"; do
  command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
if curl -s -o /dev/null "$API/health/live" 2>/dev/null; then
  echo "something already listens on $API" >&2; exit 1
fi

step "build src/Api (Debug)"
dotnet build "$ROOT/src/Api" -c Debug -v q -nologo >"$ROOT/.samples-build.log" 2>&1 \
  || { cat "$ROOT/.samples-build.log" >&2; rm -f "$ROOT/.samples-build.log"; exit 1; }
rm -f "$ROOT/.samples-build.log"

step "fresh .samples folder"
rm -rf "$WORK"
mkdir -p "$WORK/data" "$OUT"
rm -f "$OUT"/*.docx "$OUT"/*.png

step "user add (administrator of YN)"
echo 'Samples-password-1' | dotnet "$DLL" user add --login samples --name 样例管理员 --agency YN \
  --roles Administrator,IntakeOfficer,CaseHandler,Approver --password-stdin >"$WORK/verbs.log" 2>&1 \
  || { cat "$WORK/verbs.log" >&2; exit 1; }

step "token"
TOKEN=$(dotnet "$DLL" token --user samples --hours 2 2>>"$WORK/verbs.log" | tail -1)
[ -n "$TOKEN" ] || { cat "$WORK/verbs.log" >&2; exit 1; }

step "start the service on $API"
(cd "$WORK" && exec dotnet "$DLL" --urls "$API") >"$WORK/service.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -s -o /dev/null -w '%{http_code}' "$API/health/live" 2>/dev/null | grep -q '^200$'; then break; fi
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/service.log" >&2; exit 1; }
  sleep 1
done
curl -s -o /dev/null -w '%{http_code}' "$API/health/live" | grep -q '^200$' || { echo "service did not start" >&2; exit 1; }

step "agencies YN and CX"
api POST /api/agencies '{"code":"YN","name":"云南省人民政府"}' >/dev/null
api POST /api/agencies '{"code":"CX","name":"楚雄彝族自治州人民政府办公室","parentCode":"YN"}' >/dev/null

step "document settings of CX"
api PUT /api/agencies/CX/document-settings '{
  "prefixes": { "Receipt": "楚政办依申收", "SupplementNotice": "楚政办依申补", "ConsultationLetter": "楚政办依申征",
                "ConsultationNotice": "楚政办依申征告", "ExtensionNotice": "楚政办依申延", "DeferralNotice": "楚政办依申迟",
                "FeeNotice": "楚政办依申费", "Answer": "楚政办依申答", "DeliveryRecord": "楚政办依申送" },
  "reviewBody": "楚雄彝族自治州人民政府",
  "reviewCourt": "楚雄彝族自治州中级人民法院" }' >/dev/null

# ---- Case A: every step from receipt to delivery ----
step "register case A (received 2026-10-19)"
A=$(api POST /api/cases '{"agencyCode":"CX","channel":"InPerson","submittedOn":"2026-10-19",
  "applicant":{"kind":"NaturalPerson","name":"张三","phone":"13987654321","address":"云南省楚雄市鹿城镇开发区路1号"},
  "description":"楚雄市2025年城市道路维修工程的预算及招标文件"}')
A_ID=$(field id <<<"$A")
A_NUMBER=$(field caseNumber <<<"$A")
A_DUE_FIRST=$(field dueOn <<<"$A")
issue "$A_ID" Receipt '{"kind":"Receipt","issuedOn":"2026-10-19"}' "登记回执（收到申请当日出具，含查询码）"

step "case A: 补正 requested 2026-10-20"
api POST "/api/cases/$A_ID/supplement-request" \
  '{"requestedOn":"2026-10-20","items":"请写明所需信息对应的具体路段或项目名称","supplyBy":"2026-10-27"}' >/dev/null
issue "$A_ID" SupplementNotice '{"kind":"SupplementNotice","issuedOn":"2026-10-20"}' "补正告知书"

step "case A: 补正 received 2026-10-22"
api POST "/api/cases/$A_ID/supplement" '{"receivedOn":"2026-10-22"}' >/dev/null

step "case A: consultation of a third party sent 2026-10-26"
C=$(api POST "/api/cases/$A_ID/consultations" '{"kind":"ThirdParty","party":"楚雄市某某路桥建设有限公司","sentOn":"2026-10-26"}')
C_ID=$(field consultationId <<<"$C")
issue "$A_ID" ConsultationLetter "{\"kind\":\"ConsultationLetter\",\"issuedOn\":\"2026-10-26\",\"consultationId\":\"$C_ID\"}" \
  "征求第三方意见函（致楚雄市某某路桥建设有限公司）"
issue "$A_ID" ConsultationNotice '{"kind":"ConsultationNotice","issuedOn":"2026-10-26"}' "征求意见告知书（告知申请人征求意见时间不计入期限）"

step "case A: the third party's reply 2026-11-02"
api POST "/api/cases/$A_ID/consultations/$C_ID/reply" '{"receivedOn":"2026-11-02","consents":true}' >/dev/null

step "case A: extension approved 2026-11-09"
api POST "/api/cases/$A_ID/extension" \
  '{"approvedOn":"2026-11-09","workingDays":20,"reason":"所需信息涉及多个年度的档案，需要调取和核对","applicantNotifiedOn":"2026-11-09"}' >/dev/null
issue "$A_ID" ExtensionNotice '{"kind":"ExtensionNotice","issuedOn":"2026-11-09"}' "延长答复期限告知书"

step "case A: fee notice 2026-11-10"
F=$(api POST "/api/cases/$A_ID/fee-notice" '{"issuedOn":"2026-11-10","method":"PerPage","pages":150}')
issue "$A_ID" FeeNotice '{"kind":"FeeNotice","issuedOn":"2026-11-10"}' "信息处理费缴费通知书（按量计收，150页）"

step "case A: fee paid 2026-11-12"
FEE=$(python3 -c '
import json, sys
case = json.load(sys.stdin)
def find(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k.lower() in ("amountyuan", "feeamountyuan", "feeyuan") and isinstance(x, (int, float)): return x
            r = find(x)
            if r is not None: return r
    if isinstance(v, list):
        for x in v:
            r = find(x)
            if r is not None: return r
    return None
r = find(case)
print("" if r is None else r)' <<<"$F")
echo "   fee to pay: ${FEE:-(no amount in the fee notice response, payment recorded without one)}"
if [ -n "$FEE" ]; then
  api POST "/api/cases/$A_ID/fee-payment" "{\"paidOn\":\"2026-11-12\",\"amountYuan\":$FEE}" >/dev/null
else
  api POST "/api/cases/$A_ID/fee-payment" '{"paidOn":"2026-11-12"}' >/dev/null
fi

A_DUE_EXTENDED=$(api GET "/api/cases/$A_ID" | field dueOn)
step "case A: deferral approved 2026-11-13"
# Art. 35: after the extension the applicant's request proved to cover far more than a reasonable amount of
# information; a deferral may follow an extension (not the other way round), to a working day after the current due date.
api POST "/api/cases/$A_ID/deferral" \
  '{"approvedOn":"2026-11-13","dueOn":"2026-12-31","reason":"申请公开的政府信息数量明显超过合理范围，需要逐份核对"}' >/dev/null
issue "$A_ID" DeferralNotice '{"kind":"DeferralNotice","issuedOn":"2026-11-13"}' "延迟答复告知书（条例第三十五条）"

step "case A: decision 2026-11-20"
api POST "/api/cases/$A_ID/decision" \
  '{"decidedOn":"2026-11-20","outcome":"Disclosed","summary":"楚雄市2025年城市道路维修工程预算表及招标公告"}' >/dev/null
issue "$A_ID" Answer '{"kind":"Answer","issuedOn":"2026-11-20"}' "政府信息公开申请答复书（予以公开，含复议、诉讼救济途径）"

step "case A: delivery by post 2026-11-23"
api POST "/api/cases/$A_ID/delivery" '{"deliveredOn":"2026-11-23","method":"Post"}' >/dev/null
issue "$A_ID" DeliveryRecord '{"kind":"DeliveryRecord","issuedOn":"2026-11-23","edits":{"trackingNumber":"1150012345678","signedBy":"张三","deliveredBy":"王五"}}' \
  "送达回证（邮寄送达答复书；邮件号码、签收人、送达人为出具时填写）"
A_FINAL=$(api GET "/api/cases/$A_ID")
A_DUE_LAST=$(field dueOn <<<"$A_FINAL")

step "README.md of $OUT"
{
  echo "# 文书样例"
  echo
  echo "本文件夹中的文件由脚本 \`tools/document-samples.sh\` 自动生成，请勿手工修改。"
  echo "脚本编译 \`src/Api\`，以 Development 环境在 \`.samples/\` 下的全新 SQLite 数据库上启动服务，"
  echo "通过 API 登记案件、记录各办理环节并出具全部 9 种文书，下载出具时的 DOCX 原件，"
  echo "再用无头 Chromium 把可打印页面（\`?format=html\`）截图为 PNG（794×1123 像素，约 A4 大小，只含第一页）。"
  echo
  echo "重新生成（在仓库根目录）：\`tools/document-samples.sh\`（可指定输出文件夹作为第一个参数，默认 \`docs/文书样例\`）。"
  echo
  echo "## 案件"
  echo
  echo "机关：楚雄彝族自治州人民政府办公室（代码 CX，上级 云南省人民政府 YN）；复议机关：楚雄彝族自治州人民政府；"
  echo "诉讼法院：楚雄彝族自治州中级人民法院。日期均为 2026 年工作日历中的工作日。"
  echo
  echo "案件 \`$A_NUMBER\`：申请人张三，当面提交，2026-10-19 收到（回执上的答复期限 $A_DUE_FIRST）。"
  echo
  echo "| 日期 | 环节 |"
  echo "|---|---|"
  echo "| 2026-10-19 | 收到申请，出具登记回执 |"
  echo "| 2026-10-20 | 告知补正（补正期限 2026-10-27） |"
  echo "| 2026-10-22 | 收到补正，答复期限自此重新计算 |"
  echo "| 2026-10-26 | 征求第三方（楚雄市某某路桥建设有限公司）意见，并告知申请人 |"
  echo "| 2026-11-02 | 收到第三方答复（同意公开） |"
  echo "| 2026-11-09 | 批准延长答复期限 20 个工作日 |"
  echo "| 2026-11-10 | 通知缴纳信息处理费（按量计收 150 页） |"
  echo "| 2026-11-12 | 申请人缴费 |"
  echo "| 2026-11-13 | 因申请数量明显超过合理范围，决定延迟答复至 2026-12-31（条例第三十五条） |"
  echo "| 2026-11-20 | 作出答复：予以公开 |"
  echo "| 2026-11-23 | 邮寄送达答复书 |"
  echo
  echo "延迟答复前的答复期限为 $A_DUE_EXTENDED，最终答复期限 $A_DUE_LAST。"
  echo
  echo "## 文件"
  echo
  echo "每种文书一对文件：\`.docx\` 为出具时保存的原件（与 API 返回的 SHA-256 一致），\`.png\` 为可打印页面的截图。"
  echo
  echo "| 文件 | 文书 | 文号 | 落款日期 |"
  echo "|---|---|---|---|"
  printf '%s\n' "${INDEX[@]}"
} >"$OUT/README.md"

step "done"
echo "generated in $(( $(date +%s) - STARTED )) s:"
ls -l "$OUT"
