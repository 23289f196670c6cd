"""UI strings in Japanese and English (content texts come bilingual from the YAML itself)."""

from __future__ import annotations

import re
from typing import Any

from osai_procure.models.base import Lang
from osai_procure.wording import counted

LANGS: tuple[Lang, ...] = ("ja", "en")
LANG_NAMES: dict[str, str] = {"ja": "日本語", "en": "English"}

# key: (Japanese, English). Placeholders use str.format names; an English noun that follows a
# count takes its number from it: `{n:answer|answers}` (see `wording.counted`).
STRINGS: dict[str, tuple[str, str]] = {
    # application and navigation
    "app.name": ("オープンソースAI 調達評価", "Open Source AI procurement assessment"),
    "app.tagline": (
        "OSAID 1.0 と機関の調達方針に照らした評価",
        "Assessment against OSAID 1.0 and your agency's procurement policy",
    ),
    "nav.start": ("スタート", "Start"),
    "nav.wizard": ("回答", "Wizard"),
    "nav.review": ("レビュー", "Review"),
    "nav.signoff": ("承認", "Sign-off"),
    "nav.export": ("出力", "Export"),
    "nav.drill": ("預託物の検証", "Preservation drill"),
    "nav.verify": ("報告書の検証", "Verify a report"),
    "nav.policies": ("ポリシー", "Policies"),
    "nav.section.assessment": ("評価", "Assessment"),
    "nav.section.tools": ("ツール", "Tools"),
    "nav.section.agency": ("機関全体", "Agency"),
    "nav.register": ("評価台帳", "Register"),
    "nav.impact": ("方針改定の影響", "Policy impact"),
    "lang.label": ("表示言語", "Language"),
    "user.label": ("あなたの氏名", "Your name"),
    "user.help": (
        "変更履歴に記録されます。ログインしている場合はログイン名が使われます。",
        "Recorded in the change history. When you are logged in, your login name is used.",
    ),
    "user.signed_in": ("ログイン中：{name}", "Signed in as {name}"),
    "user.anonymous": ("氏名未入力", "unnamed officer"),
    "user.roles": ("役割：{roles}", "Roles: {roles}"),
    "user.logout": ("ログアウト", "Log out"),
    "user.login": ("ログイン", "Log in"),
    "user.login_first": (
        "この環境では、ログインした職員だけが評価を閲覧できます。ログインしてください。",
        "Here only officers who have logged in can see assessments. Please log in.",
    ),
    "user.login_required": (
        "この環境では、ログインした職員だけが評価を作成・変更できます。",
        "Here only officers who have logged in can create or change assessments.",
    ),
    "roles.invalid": (
        "役割ファイル（OSAI_PROCURE_ROLES）に誤りがあるため、このアプリは使用できません。次の点を直してから、ページを再読み込みしてください。",
        "The roles file (OSAI_PROCURE_ROLES) has mistakes, so the app cannot be used. Correct "
        "the following and reload the page.",
    ),
    "role.preparer": ("作成者", "Preparer"),
    "role.reviewer": ("確認者", "Reviewer"),
    "role.approver": ("承認者", "Approver"),
    "role.auditor": ("監査担当者", "Auditor"),
    "role.administrator": ("システム管理者", "Administrator"),
    "role.none": ("なし", "none"),
    "change.create": ("評価の作成", "creating an assessment"),
    "change.edit": ("回答・詳細・添付ファイルの変更", "changing answers, details or attachments"),
    "change.export": ("報告書の保存", "keeping a report"),
    "change.new_revision": ("新しい版の作成", "starting a new revision"),
    "change.drill": ("預託物の検証の記録", "keeping a preservation drill"),
    "change.signoff": ("{role}としての署名", "signing as the {role}"),
    "denied.role": (
        "あなたの役割（{held}）では、{change}はできません。必要な役割は{allowed}です。",
        "Your roles ({held}) do not allow {change}; it needs the role {allowed}.",
    ),
    "denied.auditor": (
        "監査担当者は、閲覧と検証だけを行えます。",
        "An auditor reads and verifies only.",
    ),
    "denied.not_signed_in": (
        "ログインしていないため、{change}はできません。役割ファイルを設定した環境では、変更にはログインが必要です。",
        "You have not logged in, so {change} is not possible: where a roles file is configured, "
        "every change needs an officer who logged in.",
    ),
    "denied.level": (
        "この評価では、承認者の職位が「{required}」と記録されています。あなたが承認できる職位は「{held}」までです。",
        "This assessment records that it is approved at the level “{required}”; you approve "
        "up to “{held}”.",
    ),
    "denied.readonly": (
        "あなたの役割では、この評価を変更できません（閲覧のみ）。",
        "Your roles do not allow changing this assessment: you can read it only.",
    ),
    "user.missing": (
        "サイドバーで氏名を入力すると、変更履歴に記録されます。",
        "Enter your name in the sidebar so the change history shows who made each change.",
    ),
    "sidebar.current": ("現在の評価", "Current assessment"),
    "sidebar.none": ("評価が選択されていません", "No assessment selected"),
    # generic
    "error.unexpected": (
        "予期しない問題が発生しました。入力済みの回答は保存されています。ページを再読み込みしてください。"
        "続く場合は管理者に参照番号 {ref} をお伝えください。",
        "Something unexpected went wrong. Your saved answers are safe; please reload the page. "
        "If it happens again, give your administrator the reference {ref}.",
    ),
    "error.storage": (
        "データベースに接続できません。管理者に連絡してください（参照番号 {ref}）。",
        "The database cannot be reached. Please contact your administrator (reference {ref}).",
    ),
    "assessment.none": (
        "評価が選択されていません。「スタート」で新しい評価を作成するか、一覧から再開してください。",
        "No assessment is selected. Create a new one or resume one from the list on Start.",
    ),
    "assessment.bad_link": (
        "このリンクの評価ID「{value}」は正しい形式ではありません。リンクをもう一度ご確認いただくか、"
        "「スタート」の一覧から評価を開いてください。",
        "The assessment id “{value}” in this link is not valid. Please check the link, or open "
        "the assessment from the list on Start.",
    ),
    "assessment.not_found": (
        "ID {value} の評価は見つかりませんでした。"
        "削除されたか、別の環境のリンクの可能性があります。",
        "No assessment with id {value} was found. The link may point to another installation.",
    ),
    "assessment.go_start": ("スタートへ", "Go to Start"),
    "policy.missing": (
        "この評価のポリシー「{policy}」が見つからないため、開けません。管理者に連絡してください。",
        "The policy “{policy}” of this assessment cannot be found, so it cannot be opened. "
        "Please contact your administrator.",
    ),
    "policy.changed": (
        "この評価の作成後にポリシーの内容が変更されています（作成時 {old}… / 現在 {new}…）。"
        "判定は現在のポリシーで計算しています。",
        "The policy has changed since this assessment was made (then {old}…, now {new}…). "
        "Verdicts are computed with the current policy.",
    ),
    "policy.broken": (
        "ポリシーファイルに問題があります。",
        "The policy file has problems.",
    ),
    "status.draft": ("下書き", "Draft"),
    "status.in_review": ("レビュー中", "In review"),
    "status.approved": ("承認済み", "Approved"),
    "status.rejected": ("却下", "Rejected"),
    "locked.notice": (
        "この評価（第{revision}版）は{status}のためロックされています。変更するには新しい版を作成してください。",
        "This assessment (revision {revision}) is {status} and locked. Start a new revision to "
        "change it.",
    ),
    "locked.new_revision": ("新しい版を作成", "Start a new revision"),
    "in_review.notice": (
        "この評価はレビュー中です。回答を変更すると承認記録が取り消され、下書きに戻ります。",
        "This assessment is in review. Changing an answer withdraws the sign-offs and returns it "
        "to draft.",
    ),
    "conflict.title": (
        "{who} さんが {when} にこの回答を変更しました。あなたの入力はまだ保存されていません。",
        "{who} changed this answer at {when}. Your input has not been saved yet.",
    ),
    "conflict.keep_mine": ("自分の入力で上書き", "Keep mine (overwrite)"),
    "conflict.take_theirs": ("相手の変更を採用", "Use their change"),
    "conflict.other": (
        "{who} さんが {when} にこの評価を変更しました（{what}）。最新の内容を読み込みました。",
        "{who} changed this assessment at {when} ({what}). The latest version is loaded.",
    ),
    "remote.updated": (
        "他の担当者の変更を読み込みました（版 {version}）。",
        "Loaded changes made by another officer (version {version}).",
    ),
    "saved.at": ("保存済み {time}（版 {version}）", "Saved {time} (version {version})"),
    "saved.never": ("変更はすぐに自動保存されます", "Every change is saved automatically"),
    "saved.read_only": (
        ":material/visibility: 閲覧のみ。この画面から変更は保存されません"
        "（版 {version}、最終更新 {time}）",
        ":material/visibility: Read only: nothing on this page is saved (version {version}, last "
        "changed {time})",
    ),
    # start page
    "start.title": ("スタート", "Start"),
    "verify.detail_en": ("技術的な詳細（英語）：", "Technical detail: "),
    "verify.detail_tech": ("技術的な詳細：", "Technical detail: "),
    "start.resume_link": ("リンクの評価「{title}」を開く", "Open the linked assessment “{title}”"),
    "start.new": ("新しい評価", "New assessment"),
    "start.new.help": (
        "評価の対象とポリシーを選ぶと、回答ウィザードが始まります。入力は自動保存されます。",
        "Choose what you are assessing and the policy; the wizard starts. Input is saved "
        "automatically.",
    ),
    "start.policy": ("ポリシー", "Policy"),
    "start.import": (
        "ファイルから事前入力（任意）",
        "Pre-fill from a file (optional)",
    ),
    "start.import.format": ("形式", "Format"),
    "start.gather": (
        "モデル名から始める（1行に1件）",
        "Start from the model's name (one per line)",
    ),
    "start.gather.help": (
        "Hugging Face のモデルID（例：llm-jp/llm-jp-3-13b）、GitHub のリポジトリURL、"
        "Model Openness Tool 又は Open Source AI Index の項目URLを入力すると、公開情報を取得して"
        "回答を事前入力します。取得した回答には取得元URL・SHA-256・取得日時が記録され、"
        "確認が必要な状態で入ります。",
        "A Hugging Face model id (e.g. llm-jp/llm-jp-3-13b), a GitHub repository URL, or a Model "
        "Openness Tool or Open Source AI Index entry URL: what is public is fetched and pre-fills "
        "the answers, each with its source URL, SHA-256 and time, awaiting your confirmation.",
    ),
    "start.gather.offline": (
        "この環境ではインターネットからの取得が無効です（管理者が OSAI_PROCURE_ONLINE=1 を"
        "設定すると有効になります）。取得済みのファイルは下の「ファイルから事前入力」で取り込めます。",
        "Fetching from the internet is off here (an administrator turns it on with "
        "OSAI_PROCURE_ONLINE=1). Files you already have can be imported below.",
    ),
    "start.gather.done": (
        "公開情報 {docs} 件を取得し、{n} 件の回答を事前入力しました。",
        "Fetched {docs} public {docs:document|documents} and pre-filled {n} {n:answer|answers}.",
    ),
    "gather.error.disabled": (
        "インターネットからの取得が無効です（OSAI_PROCURE_ONLINE）。評価は作成していません。",
        "Fetching from the internet is off (OSAI_PROCURE_ONLINE). No assessment was created.",
    ),
    "gather.error.offline": (
        "{where} に接続できません。ネットワーク接続を確認するか、取得済みのファイルを取り込んで"
        "ください。評価は作成していません。",
        "Cannot reach {where}. Check the network, or import a file you already have. No "
        "assessment was created.",
    ),
    "gather.error.not_found": (
        "見つかりません：{where}。モデルID又はURLを確認してください。",
        "Not found: {where}. Check the model id or URL.",
    ),
    "gather.error.refused": (
        "取得を拒否されました：{where}（{detail}）。時間をおいて再度お試しください。",
        "The service refused: {where} ({detail}). Try again later.",
    ),
    "gather.error.too_large": (
        "取得した文書が大きすぎます：{where}。",
        "A fetched document is too large: {where}.",
    ),
    "gather.error.reference": (
        "「{where}」はモデルID・URLとして読めません。例：llm-jp/llm-jp-3-13b、"
        "https://github.com/llm-jp/scripts、https://mot.isitopen.ai/model/1130",
        "“{where}” is not a model id or URL. Examples: llm-jp/llm-jp-3-13b, "
        "https://github.com/llm-jp/scripts, https://mot.isitopen.ai/model/1130",
    ),
    "import.format.mot": (
        "Model Openness Tool の記録（YAML）",
        "Model Openness Tool record (YAML)",
    ),
    "import.format.hf": (
        "Hugging Face のモデル・カード（README.md）",
        "Hugging Face model card (README.md)",
    ),
    "import.format.spdx": ("SPDX 3 の AI パッケージ（JSON-LD）", "SPDX 3 AI package (JSON-LD)"),
    "import.format.cyclonedx": ("CycloneDX の ML-BOM（JSON）", "CycloneDX ML-BOM (JSON)"),
    "import.format.xlsx": ("事業者記入用ワークブック（XLSX）", "Vendor workbook (XLSX)"),
    "import.format.none": ("ファイルから判定", "Read from the file"),
    "import.format.unknown": (
        "「{file}」の形式を判定できませんでした。形式を選んでから、もう一度作成してください。",
        "The format of “{file}” could not be read from the file: choose the format, then "
        "create again.",
    ),
    "start.import.file": ("ファイル", "File"),
    "start.create": ("評価を作成", "Create assessment"),
    "start.title_required": ("件名を入力してください。", "Please enter a title."),
    "start.system_required": (
        "AIシステム名を入力してください。",
        "Please enter the AI system name.",
    ),
    "start.list": ("評価一覧", "Assessments"),
    "start.search": (
        "検索（件名・調達番号・機関・システム）",
        "Search (title, procurement, agency, system)",
    ),
    # Named apart from the new assessment's "Policy": a screen reader lists both on one page.
    "start.filter.status": ("状態で絞り込む", "Filter by status"),
    "start.filter.policy": ("ポリシーで絞り込む", "Filter by policy"),
    "start.filter.all_policies": ("全て", "All"),
    "start.filter.revisions": ("過去の版も表示", "Show earlier revisions"),
    "start.empty": ("該当する評価はありません。", "No assessments match."),
    "start.none": ("まだ評価はありません。", "There are no assessments yet."),
    "start.none.create": (
        "まだ評価はありません。左の「新しい評価」から作成してください。",
        "There are no assessments yet. Create one under “New assessment” on the left.",
    ),
    "start.open": ("開く", "Open"),
    "start.row": (
        "{status} · 第{revision}版 · 回答 {answers} 件 · {policy} · 更新 {updated}（{by}）",
        "{status} · revision {revision} · {answers} {answers:answer|answers} · {policy} · "
        "updated {updated} by {by}",
    ),
    "start.more": ("ほか {n} 件。検索で絞り込んでください。", "{n} more; narrow the search."),
    "start.created": ("評価を作成しました。", "Assessment created."),
    "verify.checks": ("各検査の結果（{n}件）", "Every check ({n})"),
    "review.applies_to": ("適用される構成要素：", "Applies to: "),
    "import.notes": ("取り込みの注意事項", "Notes on the import"),
    "import.notes.kept": (
        "取り込みの注意事項（{n}回分）",
        "Notes on the imports ({n})",
    ),
    "import.notes.source": (
        "{source}（{when}、{who}）",
        "{source} ({when}, {who})",
    ),
    "import.done": (
        "{n} 件の回答を取り込みました。取り込んだ回答は確認が必要です。",
        "Imported {n} {n:answer|answers}. Imported answers need your confirmation.",
    ),
    "import.failed": ("ファイルを取り込めませんでした。", "The file could not be imported."),
    # assessment info fields
    "info.title": ("件名", "Title"),
    "info.procurement_id": ("調達案件番号", "Procurement id"),
    "info.agency": ("機関名", "Agency"),
    "info.system_name": ("AIシステム名", "AI system name"),
    "info.system_version": ("バージョン", "Version"),
    "info.system_provider": ("提供者", "Provider"),
    # wizard
    "wizard.step": ("ステップ {n}/{total}", "Step {n} of {total}"),
    "wizard.jump": ("ステップへ移動", "Go to step"),
    "wizard.details": ("評価の概要", "About this assessment"),
    "wizard.details.help": (
        "評価の対象と調達案件を記録します。報告書の表紙に使われます。",
        "Record what is assessed and for which procurement; this heads the report.",
    ),
    "wizard.finish": ("まとめ", "Summary"),
    "tasks.title": ("作業の一覧", "Your tasks"),
    "revision.badge": ("第{n}版", "rev. {n}"),
    "evidence.fetched": (
        "取得元：{url} （SHA-256 {sha}…、取得日時 {time}）",
        "Fetched from {url} (SHA-256 {sha}…, at {time})",
    ),
    "evidence.library": ("証拠ライブラリから選ぶ", "Pick from the evidence library"),
    "evidence.library.file": ("ファイル {name}（SHA-256 {sha}…）", "File {name} (SHA-256 {sha}…)"),
    "evidence.library.placeholder": (
        "この評価で使った URL・ファイル {n} 件から選択",
        "Choose from the {n} {n:URL or file|URLs and files} used in this assessment",
    ),
    "confirm.section.title": (
        "取り込んだ回答の確認（{n} 問）",
        "Imported answers to confirm ({n})",
    ),
    "confirm.section.help": (
        "取り込んだ値と取得元を並べて示します。内容を確認したうえで、まとめて確認済みにできます。"
        "違う場合は各質問で回答を直してください（直した回答は担当者の回答になります）。",
        "What was imported and where from, side by side. Once checked, confirm them all at "
        "once; where one is wrong, change it in its question (it then becomes your answer).",
    ),
    "confirm.section.question": ("質問", "Question"),
    "confirm.section.value": ("取り込んだ値", "Imported value"),
    "confirm.section.source": ("取得元", "Source"),
    "confirm.section.parts": ("／", " / "),  # between the lines of a value in one table cell
    "confirm.section.button": (
        "この節の取り込んだ回答を全て確認済みにする",
        "Confirm all imported answers in this section",
    ),
    "confirm.section.done": (
        "{n} 問の取り込んだ回答を確認済みにしました。",
        "Confirmed {n} imported {n:answer|answers}.",
    ),
    "tasks.summary": (
        "{total} 節のうち {done} 節が完了しています。",
        "You have completed {done} of {total} {total:section|sections}.",
    ),
    "tasks.state.not_started": ("未着手", "Not started"),
    "tasks.state.in_progress": ("作業中", "In progress"),
    "tasks.state.needs_decision": ("要確認", "Needs your decision"),
    "tasks.state.done": ("完了", "Completed"),
    "tasks.counts": ("回答済み {answered}/{shown} 問", "{answered} of {shown} answered"),
    "tasks.open_required": ("未回答の必須質問 {n} 問", "{n} required open"),
    "tasks.unconfirmed": ("取り込んだ回答の確認待ち {n} 問", "{n} imported awaiting confirmation"),
    "tasks.open": ("この節を開く", "Open section"),
    "wizard.back": ("← 戻る", "← Back"),
    "wizard.next": ("次へ →", "Next →"),
    "wizard.to_review": ("レビューへ →", "Go to review →"),
    "wizard.progress": (
        "完了 {done}/{sections} 節 · 回答済み {answered} 問 · 未確定の必須要件 {gates} 件",
        "{done} of {sections} {sections:section|sections} completed · answered: {answered} · "
        "required criteria still open: {gates}",
    ),
    "wizard.section_progress": ("この節 {answered}/{total}", "this section {answered}/{total}"),
    "wizard.finish.unknown": ("まだ不明な質問", "Questions still unknown"),
    "wizard.finish.all_answered": (
        "表示されている全ての質問に回答済みです。",
        "Every visible question is answered.",
    ),
    "wizard.finish.unconfirmed": (
        "確認待ちの取り込み回答",
        "Imported answers awaiting confirmation",
    ),
    "wizard.rest_unknown": (
        "未回答の {n} 問を「不明」として記録",
        "Record the {n} unanswered {n:question|questions} as unknown",
    ),
    "wizard.rest_unknown.help": (
        "記録からも提供者の説明からも分からない質問を、まとめて「不明」とします。"
        "不明の要件は判定で「不明」のまま扱われ、後から個別に回答できます。",
        "Marks every question nobody can answer yet as unknown at once. Unknown requirements stay "
        "unknown in the verdicts, and each can be answered later on its own card.",
    ),
    "wizard.rest_unknown.done": (
        "{n} 問を「不明」として記録しました。",
        "{n} {n:question|questions} recorded as unknown.",
    ),
    "wizard.import": ("ファイルから事前入力", "Pre-fill from a file"),
    "wizard.import.button": ("取り込む", "Import"),
    "question.refs": ("根拠条項", "Implements"),
    "question.agency_practice": ("調達機関の運用による追加要件", "Agency practice"),
    "question.evidence_required": ("証拠必須", "Evidence required"),
    "question.evidence_missing": (
        "この質問には証拠（URL又はファイル）が必要です。",
        "This question needs evidence (a URL or a file).",
    ),
    "question.hidden_answer": (
        "条件により非表示の質問にも回答が残っています（判定には使われません）。",
        "Some hidden questions still hold answers (they are not used in the verdict).",
    ),
    "question.imported": (
        "取り込まれた回答です。内容を確認してください。",
        "This answer was imported. Please check it.",
    ),
    "question.confirm": ("確認済み", "Confirmed"),
    "question.invalid": (
        "この回答は受け付けられません：{message}",
        "This answer is not accepted: {message}",
    ),
    "question.evidence": ("証拠とメモ", "Evidence and note"),
    "question.evidence_count": ("証拠とメモ（{n}）", "Evidence and note ({n})"),
    "evidence.urls": ("証拠のURL（1行に1つ）", "Evidence URLs (one per line)"),
    "evidence.note": ("メモ・判断理由", "Note or rationale"),
    "evidence.file": ("証拠ファイルを添付", "Attach an evidence file"),
    "evidence.attached": (
        "添付済み：{name}（{size}、SHA-256 {sha}…）",
        "Attached: {name} ({size}, SHA-256 {sha}…)",
    ),
    "evidence.download": ("ダウンロード", "Download"),
    "evidence.too_large": (
        "ファイルが大きすぎます（上限 {limit}）。",
        "The file is too large (limit {limit}).",
    ),
    "evidence.saved": (
        "ファイルを保存しました（SHA-256 {sha}…）。",
        "File stored (SHA-256 {sha}…).",
    ),
    "url.invalid": (
        "URLとして認識できない行があります：{lines}",
        "Some lines are not URLs: {lines}",
    ),
    "value.yes": ("はい", "Yes"),
    "value.no": ("いいえ", "No"),
    "answer.terms": (
        "「いいえ」の原因となっている条件（該当するもの全て）",
        "Terms that make the answer no (all that apply)",
    ),
    "answer.terms.help": (
        "条件だけが原因であれば選択してください。条件が変われば適合するかどうかの判断に使います。"
        "技術的な制限や構成要素の欠落が原因の場合は選択しないでください。",
        "Tick these when terms alone cause the no; they decide whether the system would pass if "
        "the terms changed. Leave them blank when a technical limit or a missing component is "
        "the cause.",
    ),
    "terms.acceptable_use_policy": ("利用ポリシー（禁止用途の一覧）", "Acceptable-use policy"),
    "terms.click_through": ("クリックスルー契約（同意の要求）", "Click-through agreement"),
    "terms.gated_access": ("承認制・申請制のダウンロード", "Gated or approved-only download"),
    "value.unknown": ("不明", "Unknown"),
    "value.not_applicable": ("該当なし", "Not applicable"),
    "value.none": ("未回答", "Not answered"),
    "component.released": ("公開状況", "Released"),
    "component.location": ("公開場所（URL、1行に1つ）", "Where (URLs, one per line)"),
    "scan.title": (
        "ライセンス・利用規約の文書を読み取る（アップロード又は貼り付け）",
        "Scan the licence or terms document (upload or paste)",
    ),
    "scan.title_done": (
        "ライセンス・利用規約の読み取り結果と条項の確認",
        "Scanned licence or terms document and clause review",
    ),
    "scan.upload": (
        "ライセンス・利用規約の文書（テキスト、Markdown、HTML、PDF）",
        "Licence or terms document (text, Markdown, HTML, PDF)",
    ),
    "scan.paste": ("又は条文を貼り付け", "Or paste the licence or terms text"),
    "scan.paste_button": ("貼り付けた条文を読み取る", "Scan the pasted text"),
    "scan.summary": (
        "{name}（SHA-256 {sha}…）：{kind} {ids}",
        "{name} (SHA-256 {sha}…): {kind} {ids}",
    ),
    "scan.identification.exact": ("既知のライセンス文と一致：", "is the known licence text"),
    "scan.identification.contains": (
        "既知のライセンス文を含む：",
        "contains the known licence text",
    ),
    "scan.identification.modified": (
        "既知のライセンス文を改変したもの：",
        "is modified from the known licence text",
    ),
    "scan.identification.notice": (
        "ライセンスを指定する表示だけがあり、条文は含まない：",
        "only names a licence in a notice, without its terms:",
    ),
    "scan.notice": ("ライセンスの表示", "Licence notice"),
    "scan.notice_only": (
        "この文書はライセンスを指定しているだけで、条文を含んでいない。"
        "条件は指定されたライセンスのものとして判断しており、問題条項がないという意味ではない。"
        "条文そのものを確認するには、ライセンス文書を読み込むこと。",
        "This document names a licence but does not contain its terms. The terms are judged as "
        "those of the named licence; this is not 'no red flags'. To check the words "
        "themselves, scan the licence document.",
    ),
    "scan.identification.unknown": (
        "既知のライセンス文に該当なし",
        "matches no known licence text",
    ),
    "scan.unreadable": (
        "文書を読み取れなかったため、条項については何も判断していない（問題条項がないという意味ではない）。"
        "テキスト又は文字を含むPDFで渡し直すこと。",
        "The document could not be read, so nothing is concluded about its clauses (this is not "
        "'no red flags'). Upload it again as text or as a PDF that contains text.",
    ),
    "scan.no_flags": (
        "問題となる条項は見つからなかった。",
        "No clause carrying a red flag was found.",
    ),
    "scan.decision": ("判断", "Decision"),
    "scan.decision.unreviewed": ("未確認", "Not reviewed"),
    "scan.decision.confirmed": ("該当する", "Confirmed"),
    "scan.decision.dismissed": ("該当しない", "Dismissed"),
    "scan.reason": (
        "「該当しない」とする理由（必須）",
        "Reason for dismissing (required to dismiss)",
    ),
    "scan.reason_needed": (
        "「該当しない」とするには理由を入力すること。理由を入力するまで判断は保存されない。",
        "Give a reason to dismiss this clause; the decision is not saved until you do.",
    ),
    "component.licence": ("ライセンス", "Licence"),
    "component.licence.placeholder": ("例：Apache-2.0", "e.g. Apache-2.0"),
    "component.licence.help": (
        "SPDX識別子・式（例：Apache-2.0、MIT OR Apache-2.0）又はライセンスの名称"
        "（例：Llama 3 Community License）。入力すると正規化と注意点を表示します。",
        "An SPDX id or expression (e.g. Apache-2.0, MIT OR Apache-2.0) or a licence name "
        "(e.g. Llama 3 Community License). It is normalised and checked as you enter it.",
    ),
    "licence.normalised": ("正規化：{expr}", "Normalised: {expr}"),
    "licence.kind": ("種別：{kind}", "Kind: {kind}"),
    "licence.osi": ("OSI承認済み", "OSI-approved"),
    "licence.not_osi": ("OSI承認ではありません", "Not OSI-approved"),
    "licence.acceptable": (
        "このポリシーでは{ctype}について受入れ可能",
        "Accepted by this policy for {ctype}",
    ),
    "licence.unacceptable": (
        "このポリシーで{ctype}に受入不可",
        "Not accepted by this policy for {ctype}",
    ),
    "licence.flag": ("⚠ {title}：{reason}", "⚠ {title}: {reason}"),
    "number.placeholder": ("数値", "Number"),
    "choice.placeholder": ("選択してください", "Choose"),
    "date.placeholder": ("YYYY/MM/DD", "YYYY/MM/DD"),
    "text.placeholder": ("", ""),
    # review
    "review.title": ("レビュー", "Review"),
    "review.live": (
        "判定は現在の回答から毎回計算されます（版 {version}）。",
        "Verdicts are computed from the current answers (version {version}).",
    ),
    "review.osaid": ("OSAID 1.0 判定", "OSAID 1.0 verdict"),
    "review.osaid.note": (
        "調達機関による判定であり、OSIによる認証ではありません。",
        "The agency's own determination, not an OSI certification.",
    ),
    "review.policy": ("ポリシー判定", "Policy verdict"),
    "review.score": ("スコア {score}", "Score {score}"),
    "review.label": ("公開度ラベル", "Openness label"),
    "review.mof": ("MOFクラス（参考）", "MOF class (for information)"),
    "review.would_pass": (
        "不適合の原因は提供条件（ライセンス、利用規約、同意・申請を要する入手方法）のみです。"
        "条件が改められれば、OSAIDに適合する見込みです。",
        "With acceptable terms (licences, acceptable-use policy, click-through or gated "
        "access), this would meet OSAID.",
    ),
    "review.would_pass_pending": (
        "不適合の原因は提供条件のみです。条件が改められ、不明な {n} 件の要件が確認されれば、"
        "OSAIDに適合する見込みです。",
        "With acceptable terms, this would meet OSAID once {n} unknown "
        "{n:requirement is|requirements are} confirmed.",
    ),
    "review.tab.findings": ("判定の内訳", "Findings"),
    "review.tab.unknown": (
        "不明な点（質問 {n}・基準 {criteria}）",
        "Still unknown ({n} {n:question|questions}, {criteria} {criteria:criterion|criteria})",
    ),
    "review.tab.licences": ("ライセンス", "Licences"),
    "review.tab.remediation": ("改善策と契約条項", "Remediation and contract clauses"),
    "review.tab.history": ("変更履歴", "History"),
    "review.filter": ("表示", "Show"),
    "review.filter.all": ("全て", "All"),
    "review.filter.open": ("未充足・不明のみ", "Not met or unknown"),
    "review.reasons": ("判断理由", "Why"),
    "review.answers": ("判断に使った回答", "Answers it rests on"),
    "review.no_answers": ("（回答なし）", "(no answer)"),
    "review.unanswered": ("未回答の質問", "Unanswered questions"),
    "review.unknown_criteria": ("判定できない基準", "Criteria that cannot be decided yet"),
    "review.unconfirmed": ("未確認の取り込み回答", "Imported answers not yet confirmed"),
    "review.nothing_unknown": ("不明な点はありません。", "Nothing is unknown."),
    "review.no_licences": (
        "ライセンス情報のある構成要素はまだありません。",
        "No component has a licence yet.",
    ),
    "review.remediation": ("改善策", "Remediation"),
    "review.clause": ("契約条項案", "Suggested contract clause"),
    "review.no_remediation": ("改善が必要な基準はありません。", "No criterion needs remediation."),
    "review.terms_owner": (
        "未充足の要件は、いずれもモデル自体の利用条件（ライセンス等）によるものです。契約条項が"
        "拘束するのは受注者であり、モデルの権利者ではありません。受注者がモデルの権利を持たない"
        "場合、条項を加えても条件は変わらないため、受入れ可能な条件で公開されたモデルを選ぶことを"
        "検討してください。",
        "Every unmet requirement fails on the model's own terms (its licence and the like). A "
        "contract clause binds the contractor, not the model's rights holder: where the "
        "contractor does not hold the rights to the model, no clause changes its terms, so "
        "consider a model released under acceptable terms.",
    ),
    "review.history.empty": ("変更履歴はまだありません。", "No history yet."),
    "review.history.csv": ("変更履歴をCSVで保存", "Download the history (CSV)"),
    "review.history.json": (
        "変更履歴と検証結果をJSONで保存",
        "Download the history and its check (JSON)",
    ),
    "severity.gate": ("必須", "Gate"),
    "severity.scored": ("評点", "Scored"),
    "severity.info": ("参考", "Info"),
    "scope.osaid": ("OSAID", "OSAID"),
    "scope.policy": ("ポリシー", "Policy"),
    "finding.met": ("充足", "Met"),
    "finding.not_met": ("未充足", "Not met"),
    "finding.unknown": ("不明", "Unknown"),
    "finding.not_applicable": ("対象外", "Not applicable"),
    "verdict.open_source_ai": ("オープンソースAI", "Open Source AI"),
    "verdict.not_open_source_ai": ("オープンソースAIではない", "Not Open Source AI"),
    "verdict.insufficient_evidence": ("根拠不十分", "Insufficient evidence"),
    "verdict.compliant": ("適合", "Compliant"),
    "verdict.conditionally_compliant": ("条件付き適合", "Conditionally compliant"),
    "verdict.non_compliant": ("不適合", "Non-compliant"),
    "verdict.incomplete": ("判定未了", "Incomplete"),
    # register
    "register.title": ("評価台帳", "Register of assessments"),
    "register.intro": (
        "機関の全ての評価を最新の改訂版で一覧にします。判定は各評価の方針で計算し直した結果です。"
        "絞り込み・検索・並べ替えはデータベースで行います。",
        "Every assessment of the agency at its newest revision. Verdicts are computed with each "
        "assessment's policy; filtering, search and sorting run in the database.",
    ),
    "register.search": (
        "検索（件名・調達番号・機関・システム名）",
        "Search (title, procurement, agency, system)",
    ),
    "register.all": ("全て", "All"),
    "register.no_agency": ("（機関名なし）", "(no agency)"),
    "register.unavailable": ("判定不可（方針が見つかりません）", "Unavailable (policy not found)"),
    "register.sort": ("並べ替え", "Sort by"),
    "register.ascending": ("昇順", "Ascending"),
    "register.due_only": (
        "再評価期限の到来・証拠の確認切れのみ",
        "Only re-assessments due or stale evidence",
    ),
    "register.drill_failed": (
        "預託物の検証で不合格となったもののみ",
        "Only failed preservation drills",
    ),
    "register.schedule": ("再評価の周期", "Re-assessment schedule"),
    "register.reassess_months": (
        "承認の有効期間（か月）",
        "An approval holds for (months)",
    ),
    "register.stale_days": (
        "証拠リンクの再確認までの日数",
        "Evidence links are re-checked after (days)",
    ),
    "register.sort.updated_at": ("最終更新", "Last change"),
    "register.sort.title": ("件名", "Title"),
    "register.sort.agency": ("機関", "Agency"),
    "register.sort.policy_id": ("方針", "Policy"),
    "register.sort.status": ("状態", "Status"),
    "register.sort.osaid_verdict": ("OSAID判定", "OSAID verdict"),
    "register.sort.policy_verdict": ("方針判定", "Policy verdict"),
    "register.sort.approved_at": ("承認日時", "Approval time"),
    "register.sort.unknowns": ("未確定の基準の数", "Open unknowns"),
    "register.sort.gates_open": ("未充足の必須基準の数", "Open gates"),
    "register.count": ("該当 {n} 件", "{n} {n:assessment matches|assessments match}"),
    "register.page": ("ページ（全 {pages} ページ）", "Page (of {pages})"),
    "register.empty": (
        "条件に合う評価はありません。",
        "No assessment matches these filters.",
    ),
    "register.col.title": ("件名", "Title"),
    "register.col.agency": ("機関", "Agency"),
    "register.col.system": ("システム", "System"),
    "register.col.policy": ("方針", "Policy"),
    "register.col.revision": ("改訂", "Revision"),
    "register.col.status": ("状態", "Status"),
    "register.col.osaid": ("OSAID判定", "OSAID verdict"),
    "register.col.policy_verdict": ("方針判定", "Policy verdict"),
    "register.col.label": ("公開度ラベル", "Openness label"),
    "register.col.mof": ("MOFクラス", "MOF class"),
    "register.col.approved_by": ("承認者", "Approved by"),
    "register.col.approved_at": ("承認日時", "Approved at"),
    "register.col.reassess_by": ("再評価期限", "Re-assess by"),
    "register.col.unknowns": ("未確定の基準", "Open unknowns"),
    "register.col.drill": ("預託物の検証", "Preservation drill"),
    "register.col.flags": ("要対応", "Needs attention"),
    "register.separator": ("、", ", "),
    "register.flag.reassessment_due": ("再評価期限到来", "re-assessment due"),
    "register.flag.evidence_stale": ("証拠の再確認が必要", "evidence to re-check"),
    "register.flag.drill_failed": ("預託物の検証で不合格", "drill failed"),
    "register.drill.passed": ("合格", "Passed"),
    "register.drill.failed": ("不合格", "Failed"),
    "register.charts": ("全体の傾向", "At a glance"),
    "register.chart.count": ("件数", "Assessments"),
    "register.chart.by_policy": ("方針別の判定", "Verdicts by policy"),
    "register.chart.by_agency": ("機関別の判定", "Verdicts by agency"),
    "register.chart.gates": (
        "満たされていない必須基準（多い順）",
        "Gates not met, by criterion (most often first)",
    ),
    "register.chart.criterion": ("基準", "Criterion"),
    "register.chart.no_gates": (
        "満たされていない必須基準はありません。",
        "No gate is unmet.",
    ),
    "register.chart.due": ("月別の再評価期限", "Re-assessments due by month"),
    "register.chart.month": ("月", "Month"),
    "register.chart.no_due": ("承認済みの評価はまだありません。", "No assessment is approved yet."),
    "register.exports": ("台帳の出力", "Export the register"),
    "register.export.csv": ("CSV", "CSV"),
    "register.export.xlsx": ("Excel（XLSX）", "Excel (XLSX)"),
    "register.export.public": ("公開用台帳（JSON）", "Public register (JSON)"),
    "register.export.names": (
        "公開用台帳に承認者の氏名を含める",
        "Include approvers' names in the public register",
    ),
    "register.export.public_help": (
        "公開用台帳には承認済みの評価だけを含めます。形式は public-register.schema.json に定めて"
        "います。承認者の氏名は、上のチェックを入れた場合に限り含めます。",
        "The public register holds approved assessments only, in the format of "
        "public-register.schema.json. Approvers' names are included only when ticked above.",
    ),
    # preservation drill
    "drill.intro": (
        "預託された成果物（コード、重み、データ情報、文書）を、BagIt形式のバッグ又はSHA-256の"
        "マニフェストと照合し、全てのファイルのハッシュ値を確かめます。結果は署名した検証記録と"
        "して評価に保存し、成果物の保存と、外部サービスが停止した場合の運用の継続とに関する質問の"
        "証拠として添付します。",
        "The deposited deliverables (code, weights, data information, documentation) are checked "
        "file by file against their BagIt bag or SHA-256 manifest. The result is kept with the "
        "assessment as a signed drill record and attached as evidence to the preservation "
        "question and to the question on continuing operation if an external service stops.",
    ),
    "drill.upload": ("預託物のZIPファイル", "The deposit as a ZIP file"),
    "drill.upload.help": (
        "BagItバッグ（bagit.txtを含むフォルダ）、又はSHA256SUMSなどのマニフェストとそのファイル"
        "をZIPにまとめてください。展開後 {limit} MB まで受け付けます。",
        "Zip a BagIt bag (the folder holding bagit.txt), or a manifest such as SHA256SUMS with "
        "its files. Up to {limit} MB once unpacked.",
    ),
    "drill.run": ("検証する", "Run the drill"),
    "drill.running": ("全てのファイルを確かめています…", "Checking every file…"),
    "drill.no_key": (
        "署名鍵を使えないため、検証記録は署名されません。{detail}。",
        "The signing key cannot be used, so the drill record is not signed ({detail}).",
    ),
    "drill.refused": (
        "このファイルは検証できません。理由は次のとおりです。",
        "This file cannot be checked, for this reason:",
    ),
    "drill.passed": (
        "合格：全てのファイルがマニフェストと一致しました。",
        "Passed: every file matches its manifest.",
    ),
    "drill.failed": (
        "不合格：欠落、余分又は変更されたファイルがあります。",
        "Failed: files are missing, extra or changed.",
    ),
    "drill.facts": (
        "（{listed} 件中 {checked} 件、{size} を確認、{kind}）",
        "({checked} of {listed} {listed:file|files}, {size} checked, {kind})",
    ),
    "drill.kind.bagit": ("BagItバッグ", "BagIt bag"),
    "drill.kind.sha256-manifest": ("SHA-256マニフェスト", "SHA-256 manifest"),
    "drill.col.problem": ("区分", "Problem"),
    "drill.col.path": ("ファイル", "File"),
    "drill.problem.missing": ("欠落", "Missing"),
    "drill.problem.extra": ("余分", "Extra"),
    "drill.problem.changed": ("変更", "Changed"),
    "drill.problem.unreadable": ("読み取り不可", "Unreadable"),
    "drill.kept.cited": (
        "検証記録を評価に保存し、次の質問の証拠として引用しました。報告書に記載されます。",
        "The drill record is kept with the assessment and cited as evidence of the questions "
        "below; the report lists it.",
    ),
    "drill.kept.attached": (
        "検証記録を評価に保存し、次の質問に添付しました。差戻し後に証拠として引用してください。",
        "The drill record is kept with the assessment and attached to the questions below; "
        "cite it as evidence when the assessment comes back.",
    ),
    "drill.kept.locked": (
        "この版は承認済み又は却下済みのため、検証記録は評価台帳に保存しました。次の版で、次の質問の"
        "回答に添付してください。",
        "This revision is approved or rejected, so the drill record is kept on the register; "
        "attach it to the next revision's answers to the questions below.",
    ),
    "drill.kept.recorded": (
        "検証記録を評価台帳に保存しました。あなたの役割では評価を変更できないため、次の質問の回答への"
        "添付は作成者が行います（検証記録をダウンロードして渡してください）。",
        "The drill record is kept on the register. Your role does not change the assessment, "
        "so the preparer attaches it to the answers to the questions below (download the record "
        "for them).",
    ),
    "drill.evidence_for": ("証拠とする質問", "Evidence for"),
    "drill.record": ("検証記録", "Drill record"),
    "drill.signed": (
        "Ed25519で署名済み（鍵の指紋 {fingerprint}、記録のSHA-256 {digest}）",
        "Signed with Ed25519 (key fingerprint {fingerprint}, record SHA-256 {digest})",
    ),
    "drill.unsigned": ("この検証記録は署名されていません。", "This drill record is not signed."),
    "drill.download": ("検証記録をダウンロード", "Download the drill record"),
    "drill.history": ("これまでの検証", "Drills so far"),
    "drill.history.none": ("この評価の検証はまだありません。", "No drill for this assessment yet."),
    "drill.col.at": ("実施日時", "When"),
    "drill.col.result": ("結果", "Result"),
    "drill.col.actor": ("実施者", "Performed by"),
    "drill.col.target": ("預託物", "Deposit"),
    "drill.col.files": ("確認したファイル数", "Files checked"),
    "drill.large": (
        "数百GBの重みなど、アップロードできない大きさの預託物は、保管場所で "
        "`osai-procure deposit verify 預託物 --assessment 評価ID` を実行して検証してください。"
        "結果はこの画面に表示されます。",
        "A deposit too large to upload, such as hundreds of GB of weights, is checked where it "
        "is stored with `osai-procure deposit verify DEPOSIT --assessment ID`; the drill shows "
        "here.",
    ),
    # impact of a policy change
    "impact.title": ("方針改定の影響", "What a policy change would flip"),
    "impact.intro": (
        "改定案の方針で保存済みの全ての評価を計算し直し、OSAID判定・方針判定・公開度ラベル・"
        "MOFクラスが変わる評価と、その原因となった基準を示します。",
        "Every stored assessment is evaluated again under a candidate policy; those whose OSAID "
        "or policy verdict, openness label or MOF class would change are listed with the "
        "criteria that changed.",
    ),
    "impact.source": ("改定案の方針", "Candidate policy"),
    "impact.source.library": ("登録済みの方針から選ぶ", "Choose a policy in the library"),
    "impact.source.upload": ("YAMLファイルをアップロード", "Upload a YAML file"),
    "impact.candidate": ("方針", "Policy"),
    "impact.upload": ("改定案のYAMLファイル", "The candidate's YAML file"),
    "impact.too_large": (
        "ファイルが大きすぎます（上限 {limit} KB）。",
        "The file is too large (limit {limit} KB).",
    ),
    "impact.invalid": (
        "改定案の方針に問題があります。次の箇所を修正してください。",
        "The candidate policy has problems; please correct these places.",
    ),
    "impact.scope": ("対象とする評価の方針", "Assessments made against"),
    "impact.scope.all": ("全ての方針", "Every policy"),
    "impact.run": ("影響を計算する", "Compute the impact"),
    "impact.running": ("計算しています…", "Evaluating…"),
    "impact.summary": (
        "{total} 件中 {n} 件の評価が{policy}で変わります。",
        "{n} of {total} {total:assessment|assessments} would change under {policy}.",
    ),
    "impact.policy": ("「{title}」（版 {version}）", "{title} (version {version})"),
    "impact.criterion_change": (
        "{criterion}（{before} → {after}）",
        "{criterion} ({before} → {after})",
    ),
    "impact.none": ("変わる評価はありません。", "No assessment would change."),
    "impact.failed": (
        "{n} 件の評価は比較できませんでした（元の方針が見つからないか、回答を読めません）。",
        "{n} {n:assessment|assessments} could not be compared (the policy {n:it was|they were} "
        "assessed under is missing, or {n:its|their} answers cannot be read).",
    ),
    "impact.col.changes": ("変わる判定", "What changes"),
    "impact.col.criteria": (
        "変わった基準（現行 → 改定案）",
        "Criteria that changed (now → candidate)",
    ),
    "impact.absent": ("基準なし", "no such criterion"),
    "impact.no_criteria": (
        "個々の基準の結果は変わらず、判定の閾値やラベルの定義の変更によるものです。",
        "No criterion's outcome changed: the thresholds or the label rules did.",
    ),
    "impact.more": ("ほか {n} 件は上の表をご覧ください。", "{n} more are in the table above."),
    "impact.aspect.osaid_verdict": ("OSAID判定", "OSAID verdict"),
    "impact.aspect.policy_verdict": ("方針判定", "Policy verdict"),
    "impact.aspect.label": ("公開度ラベル", "Openness label"),
    "impact.aspect.mof_class": ("MOFクラス", "MOF class"),
    "impact.readonly": (
        "この計算では保存済みの評価を一切変更しません。改定後の方針で評価し直す場合は、"
        "各評価で新しい改訂版を作成してください（旧版はそのまま残ります）。",
        "Nothing stored is changed here. To re-assess under the new policy, start a new "
        "revision of each assessment (the old one is kept).",
    ),
    "history.when": ("日時", "When"),
    "history.who": ("担当者", "Who"),
    "history.what": ("内容", "What"),
    "history.old": ("変更前", "Before"),
    "history.new": ("変更後", "After"),
    "action.created": ("作成", "Created"),
    "action.answer": ("回答", "Answer"),
    "action.info": ("概要の変更", "Details changed"),
    "action.signoff": ("承認手続", "Sign-off"),
    "action.signoffs_withdrawn": ("承認の取消", "Sign-offs withdrawn"),
    "action.status": ("状態の変更", "Status changed"),
    "action.attachment": ("ファイル添付", "File attached"),
    "action.export": ("出力", "Export"),
    "action.revision_created": ("新しい版", "New revision"),
    # sign-off
    "signoff.title": ("承認", "Sign-off"),
    "signoff.chain": ("承認の流れ", "Sign-off chain"),
    "signoff.pending": ("未署名", "Pending"),
    "signoff.next": ("次の署名者：{role}", "Next to sign: {role}"),
    "signoff.done": ("全ての署名が完了しました。", "Every sign-off is complete."),
    "signoff.role.preparer": ("作成者", "Preparer"),
    "signoff.role.reviewer": ("確認者", "Reviewer"),
    "signoff.role.approver": ("承認者", "Approver"),
    "signoff.name": ("氏名", "Name"),
    "signoff.position": ("役職", "Title"),
    "signoff.decision": ("判断", "Decision"),
    "signoff.comment": ("コメント", "Comment"),
    "signoff.decision.approve": ("承認する", "Approve"),
    "signoff.decision.approve.first": ("レビューに提出する", "Submit for review"),
    "signoff.decision.return": ("差し戻す", "Return for changes"),
    "signoff.decision.reject": ("却下する", "Reject"),
    "signoff.confirm": (
        "レビュー画面の判定と不明な点を確認しました。",
        "I have read the verdicts and what is still unknown on the Review page.",
    ),
    "signoff.submit": ("署名する", "Sign"),
    "signoff.need_name": ("氏名を入力してください。", "Please enter your name."),
    "signoff.need_confirm": ("確認欄にチェックしてください。", "Please tick the confirmation."),
    "signoff.unknowns": (
        "まだ不明な点が {n} 件あります。判定は「{verdict}」です。",
        "{n} {n:point is|points are} still unknown; the verdict is “{verdict}”.",
    ),
    "signoff.same_identity": (
        "あなたはこの回で既に{role}として署名しています。職務を分離するため、別の担当者が署名してください。",
        "You already signed this round as the {role}. To keep duties separate, another officer "
        "must sign.",
    ),
    "signoff.name.login": (
        "ログインしている本人の名前で署名します。",
        "You sign under the identity you are signed in with.",
    ),
    "signoff.not_authenticated": (
        "認証なし（氏名は入力されたもの）",
        "not authenticated (typed name)",
    ),
    "signoff.same_name": (
        "この氏名はこの回で既に{role}として署名しています。職務を分離するため、別の担当者が署名してください。",
        "This name already signed this round as the {role}. To keep duties separate, another "
        "officer must sign.",
    ),
    "signoff.override": (
        "判定が「{verdict}」のまま承認する理由（必須、報告書に記載されます）",
        "Why you approve although the verdict is “{verdict}” (required; printed in the report)",
    ),
    "signoff.override_required": (
        "判定が確定していないまま承認するには、その理由を記入してください。",
        "To approve a verdict that is not complete, write down why.",
    ),
    "audit.tampered": (
        "この評価には、アプリの外でデータベースが変更された形跡があります（{problems}）。"
        "内容をそのまま信頼せず、システム管理者に確認してください。詳細は "
        "osai-procure audit {ident} で確認できます。",
        "This assessment shows signs of a change made outside the app ({problems}). Do not rely "
        "on what it says; ask the administrator. osai-procure audit {ident} gives the details.",
    ),
    "audit.altered_state": ("評価の内容が変更履歴と一致しません", "it differs from its history"),
    "audit.altered_entry": ("変更履歴の行が書き換えられています", "a history row was rewritten"),
    "audit.broken_link": (
        "変更履歴の行が削除又は挿入されています",
        "a history row was removed or inserted",
    ),
    "audit.unchained": ("ハッシュのない変更履歴の行があります", "a history row has no hash"),
    "audit.signature": (
        "承認の署名が変更履歴と一致しません",
        "the approval signature does not match the history",
    ),
    "signoff.same_person": (
        "{role}と同じ氏名です。職務の分離が必要な場合は別の担当者が署名してください。",
        "Same name as the {role}. Where duties must be separated, another officer should sign.",
    ),
    "signoff.signed": ("署名を記録しました。", "Sign-off recorded."),
    "signoff.approved": (
        "承認され、記録に電子署名しました。出力画面から署名済み報告書を出力できます。",
        "Approved and the record is signed. Export the signed report from the Export page.",
    ),
    "signoff.signature": ("記録の署名", "Record signature"),
    "signoff.signing_failed": (
        "記録に署名できませんでした。承認は記録されていません。",
        "The record could not be signed; the approval was not recorded.",
    ),
    "signoff.signing_unavailable": (
        "署名機能が利用できないため、承認できません。{detail}。",
        "Signing is not available, so approval is not possible ({detail}).",
    ),
    "signoff.locked": (
        "この版の承認手続は完了しています。",
        "Sign-off of this revision is closed.",
    ),
    "signoff.locked_now": (
        "この版は、その間に他の担当者の操作で「{status}」となり、ロックされました。"
        "ページを再読み込みして確認してください。",
        "Meanwhile someone else made this revision “{status}” and it is locked; reload the "
        "page to see it.",
    ),
    "signoff.comment_required": (
        "差し戻し・却下の理由をコメントに記入してください。",
        "Please give the reason for returning or rejecting in the comment.",
    ),
    # export
    "export.title": ("出力", "Export"),
    "export.lang": ("報告書の言語", "Report language"),
    "export.draft": (
        "この評価は承認されていないため、「下書き」として署名なしで出力されます。",
        "This assessment is not approved, so reports are marked DRAFT and not signed.",
    ),
    "export.signed": (
        "承認済みの評価です。報告書には署名が付きます。",
        "This assessment is approved; reports are signed.",
    ),
    "export.make": ("{fmt} を作成", "Create {fmt}"),
    "export.download": ("{fmt} をダウンロード", "Download {fmt}"),
    "export.made": (
        "{fmt} を作成しました（{size}、SHA-256 {sha}…）。",
        "{fmt} created ({size}, SHA-256 {sha}…).",
    ),
    "export.failed": ("{fmt} を作成できませんでした。", "The {fmt} could not be created."),
    "export.unavailable": (
        "{fmt} を作成できませんでした。{detail}",
        "The {fmt} could not be created. {detail}",
    ),
    "export.previous": ("これまでの出力", "Earlier exports"),
    "export.none": ("まだ出力はありません。", "Nothing exported yet."),
    "export.row": (
        "{fmt} · {language} · 版 {version} · {when} · {who} · SHA-256 {sha}…{signed}",
        "{fmt} · {language} · version {version} · {when} · {who} · SHA-256 {sha}…{signed}",
    ),
    "export.signed_mark": (" · 署名付き", " · signed"),
    # verify
    "verify.title": ("報告書の検証", "Verify a report"),
    "verify.help": (
        "PDF・XLSX・JSON形式の報告書をアップロードすると、署名、ダイジェスト、再評価の結果を確認できます。",
        "Upload a PDF, XLSX or JSON report to check its signature, its digest and a re-evaluation.",
    ),
    "verify.upload": ("報告書ファイル", "Report file"),
    "verify.ok": ("検証に成功しました。", "Verified."),
    "verify.bad": ("検証に失敗しました。", "Verification failed."),
    "verify.unreadable": (
        "このファイルは報告書として読み取れませんでした：{detail}。報告書のファイル（PDF、XLSX 又は"
        " JSON）であるか確認してください。",
        "This file could not be read as a report: {detail}. Check that it is a report (PDF, "
        "XLSX or JSON).",
    ),
    "verify.too_large": (
        "ファイルが大きすぎます（上限 {limit}）。",
        "The file is too large (limit {limit}).",
    ),
    "verify.trust_broken": (
        "この環境の信頼済みの鍵の登録ファイル（trust.yaml）を読み込めないため、検証できません。"
        "システム管理者に次の内容を伝えてください。",
        "This installation's trust store (trust.yaml) cannot be read, so nothing can be "
        "verified; tell the administrator what follows.",
    ),
    "verify.limit": (
        "ファイルの上限は {limit} です。これより大きいファイルは受け付けられません"
        "（ファイル名の横に赤い印が表示されます）。",
        "Files up to {limit}; a larger file is refused (a red mark appears beside its name).",
    ),
    "verify.checking": ("検証しています…", "Checking…"),
    "verify.check": ("確認項目", "Check"),
    "verify.result": ("結果", "Result"),
    "verify.detail": ("詳細", "Detail"),
    # policies
    "label.colon": ("：", ": "),
    "label.list": ("、", ", "),  # between the items of a list in running text
    "policies.title": ("ポリシー", "Policies"),
    "policies.shipped": ("利用可能なポリシー", "Available policies"),
    "policies.choose": ("ポリシーを選択", "Choose a policy"),
    "policies.version": ("版 {version}", "version {version}"),
    "policies.digest": ("ダイジェスト（SHA-256）", "Digest (SHA-256)"),
    "policies.lineage": ("継承", "Extends"),
    "policies.questionnaires": ("質問票", "Questionnaires"),
    "policies.criteria": ("基準（{n}）", "Criteria ({n})"),
    "policies.terms": ("受入れ可能なライセンス条件", "Accepted licence terms"),
    "policies.thresholds": (
        "しきい値：適合 {c} / 条件付き適合 {cc}",
        "Thresholds: compliant {c} / conditionally compliant {cc}",
    ),
    "policies.roles": ("承認の役割", "Sign-off roles"),
    "policies.diff": ("継承元「{parent}」からの変更点", "What this changes from “{parent}”"),
    "policies.diff.none": ("継承元との違いはありません。", "No differences from the parent."),
    "policies.diff.added": ("追加された基準", "Criteria added"),
    "policies.diff.removed": ("削除された基準", "Criteria removed"),
    "policies.diff.changed": ("変更された基準", "Criteria changed"),
    "policies.diff.other": ("その他の変更", "Other changes"),
    "policies.upload": ("ポリシーYAMLを検証", "Validate a policy YAML"),
    "policies.upload.help": (
        "機関独自のポリシーファイルをアップロードすると、全ての問題を行番号付きで表示します。"
        "ファイルは保存されません。",
        "Upload an agency policy file to see every problem with its line. The file is not stored.",
    ),
    "policies.upload.ok": (
        "問題はありません：{title}（{id} 版 {version}、基準 {n} 件）",
        "No problems: {title} ({id} version {version}, {n} {n:criterion|criteria})",
    ),
    "policies.upload.next": (
        "次に：このポリシーで判定が変わる評価は「方針改定の影響」で確かめられます。新しい評価で"
        "使うには、管理者がこのファイルを内容フォルダーの policies/ に置き、環境変数 "
        "OSAI_PROCURE_CONTENT でそのフォルダーを指定します（README の「Configuration」）。",
        "Next: “Policy impact” shows which assessments this policy would change. To use it for "
        "new assessments, an administrator puts the file in a content folder's policies/ and "
        "names that folder in OSAI_PROCURE_CONTENT (README, “Configuration”).",
    ),
    "policies.upload.problems": ("{n} 件の問題があります", "{n} {n:problem|problems} found"),
    "policies.upload.more": (
        "ほかに {n} 件の問題があります。上の問題を直してから、もう一度アップロードしてください。",
        "{n} more {n:problem is|problems are} not shown. Fix the ones above, then upload the "
        "file again.",
    ),
    "policies.upload.too_large": (
        "ファイルが大きすぎます（上限 {limit}）。",
        "The file is too large (limit {limit}).",
    ),
    "policies.clauses": (
        "契約条項と別表（受入れ可能な条件）をExcelでダウンロード",
        "Download the contract clauses and the Annex of accepted terms (Excel)",
    ),
    "policies.clauses.help": (
        "仕様書・契約書に貼り付けて使う条項案です。別表は、このポリシーの受入れ可能な条件から"
        "作成しています。表示中の言語で作成します。",
        "Draft clauses to paste into a specification or contract; the Annex is generated from "
        "this policy's accepted terms. The workbook is in the language shown.",
    ),
    "policies.schemas": ("JSONスキーマ", "JSON Schemas"),
    "policies.schemas.help": (
        "エディタでの補完や検証に使えます。",
        "For completion and validation in your editor.",
    ),
    "policies.none": ("ポリシーが見つかりません。", "No policies were found."),
    "policies.load_error": (
        "読み込めないポリシーがあります：{file}",
        "A policy could not be loaded: {file}",
    ),
    "ctype.code": ("コード", "code"),
    "ctype.data": ("データ", "data"),
    "ctype.parameters": ("パラメータ", "parameters"),
    "ctype.documentation": ("文書", "documentation"),
    "terms.osi": ("OSI承認ライセンス", "OSI-approved licences"),
    "terms.include": ("追加で受入", "Also accepted"),
    "terms.exclude": ("受入不可", "Excluded"),
    "column.criterion": ("基準", "Criterion"),
    # The policy's other settings by name in Japanese (the YAML key follows; English shows the
    # key alone).
    "policies.setting.accepted_terms": (
        "受入れ可能なライセンス条件（{type}）",
        "accepted terms ({type})",
    ),
    "policies.setting.questionnaires": ("質問票", "questionnaires"),
    "policies.setting.thresholds": ("しきい値", "thresholds"),
    "policies.setting.openness_labels": ("公開度ラベル", "openness labels"),
    "policies.setting.mof_classes": ("MOF のクラス", "MOF classes"),
    "policies.setting.signoff_roles": ("承認の役割", "sign-off roles"),
    "policies.setting.licence_catalogue": ("ライセンス目録", "licence catalogue"),
    "policies.field.title": ("名称", "title"),
    "policies.field.scope": ("対象", "scope"),
    "policies.field.severity": ("区分", "severity"),
    "policies.field.weight": ("重み", "weight"),
    "policies.field.rule": ("判定の規則", "rule"),
    "policies.field.applies_if": ("適用の条件", "applies_if"),
    "policies.field.refs": ("根拠条項", "refs"),
    "policies.field.remediation": ("改善策", "remediation"),
    "policies.field.contract_clause": ("契約条項", "contract_clause"),
    "column.severity": ("区分", "Severity"),
    "column.scope": ("対象", "Scope"),
    "column.weight": ("重み", "Weight"),
    "column.status": ("状態", "Status"),
    "column.component": ("構成要素", "Component"),
    "column.licence": ("ライセンス", "Licence"),
    "column.acceptable": ("受入れ可", "Accepted"),
    "column.flags": ("注意点", "Red flags"),
    "column.line": ("行", "Line"),
    "column.where": ("場所", "Where"),
    "column.problem": ("問題", "Problem"),
    "yes": ("はい", "yes"),
    "no": ("いいえ", "no"),
}


class Markdown(str):
    """Text that is safe to hand to Streamlit's markdown as it is: our own strings, and user
    text after `literal`."""

    __slots__ = ()


# Every character that starts markdown, a Streamlit directive (`:red[`), HTML or an entity.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~$:&=^\"'@])")


# What GitHub-flavoured markdown links even when every character is escaped: its autolink
# literals are found in the text after the escapes are undone (a web address, a www. name, an
# e-mail address, with or without mailto:). Such a run is shown as inline code instead, which
# markdown never links. ASCII only, as the autolink's own grammar is: a Japanese sentence
# around an address stays outside the code.
_AUTOLINK = re.compile(
    r"(?i:https?://|www\.)[!-~]*"
    r"|(?i:mailto:|xmpp:)?[-.A-Za-z0-9_+]+@[-A-Za-z0-9_]+(?:\.[-A-Za-z0-9_]+)+"
)
_BACKTICKS = re.compile(r"`+")


def _code(run: str) -> str:
    """A run of text as a markdown code span, shown exactly (any backticks in it included)."""
    fence = "`" * (max((len(m) for m in _BACKTICKS.findall(run)), default=0) + 1)
    pad = " " if run.startswith("`") or run.endswith("`") else ""
    return f"{fence}{pad}{run}{pad}{fence}"


def code(text: str) -> str:
    """Text shown exactly as written, in code type (a file's own key or value): a code span,
    which markdown leaves as it is."""
    return Markdown(_code(text)) if text else Markdown("")


def literal(text: str) -> str:
    """A user- or content-supplied string made safe to embed in markdown: every special
    character is escaped, and every run markdown would turn into a link by itself (a web or
    e-mail address) is a code span, so it is shown exactly as typed and nothing in it becomes
    a link, an image or HTML."""
    if isinstance(text, Markdown):
        return text
    parts, start = [], 0
    for found in _AUTOLINK.finditer(text):
        parts.append(_MD_SPECIAL.sub(r"\\\1", text[start : found.start()]))
        parts.append(_code(found.group()))
        start = found.end()
    parts.append(_MD_SPECIAL.sub(r"\\\1", text[start:]))
    return Markdown("".join(parts))


def t(key: str, lang: Lang, **values: Any) -> str:
    """Return the UI string `key` in `lang`, formatted with `values` (the key if unknown).

    The strings are markdown; a value is shown literally (escaped) unless it is `Markdown`
    already, such as another `t(...)`: names, titles and file names are user text. The result
    is a `Markdown` (typed `str`, so string operations stay simple to type)."""
    pair = STRINGS.get(key)
    if pair is None:
        return Markdown(key)
    text = pair[0] if lang == "ja" else pair[1]
    if not values:
        return Markdown(text)
    safe = {k: literal(v) if isinstance(v, str) else v for k, v in values.items()}
    return Markdown(counted(text, safe))
