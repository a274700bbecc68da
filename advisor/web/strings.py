"""Every string the web page shows, in Chinese and English (one place, so switching updates them all)."""

from __future__ import annotations

from advisor.domain import Language, Tier

STRINGS: dict[str, dict[Language, str]] = {
    "title": {"zh": "乡村电商参谋", "en": "Rural E-commerce Advisor"},
    "subtitle": {
        "zh": "说出你的县和想卖的东西，告诉你怎么在网上卖出去，每条建议都注明出处。",
        "en": "Name your county and what you sell; get advice on selling it online, every tip with its source.",
    },
    "language": {"zh": "界面语言", "en": "Language"},
    "tab_ask": {"zh": "问答", "en": "Ask"},
    "tab_trainer": {"zh": "培训师", "en": "Trainer"},
    "tab_help": {"zh": "说明", "en": "About"},
    "chat": {"zh": "对话", "en": "Conversation"},
    "chat_placeholder": {
        "zh": "告诉我你所在的县和你想做的事，例如：贵州雷山县的茶农怎么通过电商卖茶？",
        "en": "Tell me your county and what you want to do, e.g. How can tea farmers in Leishan, Guizhou sell online?",
    },
    "question": {"zh": "你的问题", "en": "Your question"},
    "question_placeholder": {"zh": "输入问题，按回车发送", "en": "Type a question and press Enter"},
    "send": {"zh": "发送", "en": "Send"},
    "new_chat": {"zh": "新对话", "en": "New chat"},
    "too_long": {
        "zh": "问题太长了：{n} 字，最多 {max} 字。请删减后再发送，你的文字还在输入框里。",
        "en": "Your question is too long: {n} characters, at most {max}. Please shorten it and send again; "
        "your text is still in the box.",
    },
    "count_over": {"zh": "太长了，请删减", "en": "too long, please shorten"},
    "privacy_note": {
        "zh": "培训师能看到大家提的问题（电话、身份证号会隐去）。",
        "en": "Trainers can read the questions asked (phone and ID numbers are hidden).",
    },
    "examples": {"zh": "示例问题（点击即问）", "en": "Example questions (click to ask)"},
    "clarify": {"zh": "请选择你指的地方：", "en": "Which place do you mean?"},
    "engine": {"zh": "回答方式", "en": "Answer engine"},
    "engine_info": {
        "zh": "大模型的每句话都先核对出处，核对不过的句子不显示",
        "en": "Every sentence a language model writes is checked against its sources first; unverified ones are not shown",
    },
    "engine_grounded": {"zh": "规则 + 原文（默认，最快）", "en": "Rules + quotes (default, fastest)"},
    "engine_local": {"zh": "本地大模型（离线）", "en": "Local language model (offline)"},
    "engine_openai": {"zh": "大模型服务（OpenAI 兼容）", "en": "Language model server (OpenAI-compatible)"},
    "engine_ollama": {"zh": "Ollama 大模型", "en": "Ollama model"},
    "engine_fake": {"zh": "测试用模型", "en": "Test stand-in model"},
    "verifying": {"zh": "正在生成并核对出处…", "en": "Writing and checking the sources…"},
    "county": {"zh": "县（区、市）", "en": "County"},
    "county_info": {
        "zh": "输入县名或拼音（如 雷山 / leishan）；留空则从问题中识别",
        "en": "Type a county in Chinese or pinyin (e.g. 雷山 / leishan); leave empty to detect it from the question",
    },
    "county_none": {
        "zh": "还没有县。在问题里写上县名，或在上面选择一个县。",
        "en": "No county yet. Name one in your question, or choose one above.",
    },
    "detected": {"zh": "从问题中识别", "en": "detected in your question"},
    "chosen": {"zh": "你选择的县", "en": "your choice"},
    "plan": {"zh": "本县行动计划", "en": "Action plan for this county"},
    "plan_none": {
        "zh": "选择或提到一个县后，这里显示分级行动计划。",
        "en": "Choose or mention a county to see its tiered action plan.",
    },
    "citations": {"zh": "引用来源", "en": "Sources"},
    "back_to_chat": {"zh": "↑ 回到对话", "en": "↑ Back to the conversation"},
    "citations_none": {
        "zh": "回答中的 [n] 会链接到这里的原文。",
        "en": "Every [n] in an answer links to its source here.",
    },
    "original": {"zh": "原文", "en": "Original (Chinese)"},
    "translation": {"zh": "英文译文", "en": "English rendering"},
    "paper_cites": {"zh": "论文在此引用", "en": "The paper cites here"},
    "answer_n": {"zh": "第 {n} 个回答", "en": "Answer {n}"},
    "feedback": {"zh": "这个回答有帮助吗？", "en": "Was this answer helpful?"},
    "comment": {"zh": "意见（可选）", "en": "Comment (optional)"},
    "comment_placeholder": {
        "zh": "意见（可选）",
        "en": "Comment (optional)",
    },
    "thanks": {
        "zh": "谢谢！已记录你的评价（可以随时改）。想补充意见可以写在下面。",
        "en": "Thank you, your rating was recorded (you can change it). Add a comment below if you like.",
    },
    "comment_send": {"zh": "提交意见", "en": "Send comment"},
    "comment_thanks": {"zh": "谢谢！意见已记录。", "en": "Thank you, your comment was recorded."},
    "no_answer": {"zh": "还没有可以评价的回答。", "en": "There is no answer to rate yet."},
    "export": {"zh": "导出", "en": "Export"},
    "export_md": {"zh": "对话 Markdown", "en": "Conversation (Markdown)"},
    "export_pdf": {"zh": "对话 PDF", "en": "Conversation (PDF)"},
    "handout_md": {"zh": "行动计划 Markdown", "en": "Action plan (Markdown)"},
    "handout_pdf": {"zh": "行动计划讲义 PDF", "en": "Action plan handout (PDF)"},
    "handout_lang": {"zh": "讲义语言", "en": "Handout language"},
    "files": {"zh": "下载", "en": "Downloads"},
    "nothing_to_export": {"zh": "还没有可以导出的对话。", "en": "There is no conversation to export yet."},
    "no_county_export": {"zh": "请先选择或提到一个县。", "en": "Choose or mention a county first."},
    "error": {"zh": "出错了", "en": "Something went wrong"},
    "internal_error": {
        "zh": "服务器内部出错，已记录。请稍后再试。",
        "en": "The server ran into an internal error (it was logged). Please try again.",
    },
    "trainer_refresh": {"zh": "刷新统计", "en": "Refresh statistics"},
    "trainer_summary": {"zh": "学员提问统计", "en": "What trainees ask"},
    "questions_total": {"zh": "问题总数", "en": "Questions asked"},
    "rated_up": {"zh": "有帮助", "en": "helpful"},
    "rated_down": {"zh": "没帮助", "en": "not helpful"},
    "top_topics": {"zh": "最常问的主题", "en": "Most-asked topics"},
    "top_counties": {"zh": "最常问的地区", "en": "Most-asked places"},
    "unanswered": {"zh": "超出范围或未能回答的问题", "en": "Off-topic or unanswered questions"},
    "feedback_list": {"zh": "反馈", "en": "Feedback"},
    "empty": {"zh": "（暂无）", "en": "(none yet)"},
    "quiz": {"zh": "培训测验", "en": "Trainee quiz"},
    "quiz_tier": {"zh": "地区", "en": "Tier"},
    "quiz_topic": {"zh": "主题", "en": "Topic"},
    "quiz_n": {"zh": "题数", "en": "Questions"},
    "quiz_seed": {"zh": "随机种子（相同种子得到相同测验）", "en": "Seed (same seed, same quiz)"},
    "quiz_make": {"zh": "生成测验", "en": "Make quiz"},
    "quiz_pdf": {"zh": "测验 PDF（含答案）", "en": "Quiz PDF (with answer key)"},
    "quiz_key": {"zh": "答案与出处", "en": "Answer key and sources"},
    "any": {"zh": "全部", "en": "All"},
    "help": {
        "zh": "本工具只依据论文《乡村振兴视角下农村电商可持续发展策略研究》（裴彩利，2026）和导入的资料回答，"
        "每条建议都标有 [n]，点击可查看原文、英文译文和论文在此引用的文献。它不提供本地统计数据或政策名单；"
        "请结合本地情况使用。程序接口见页面底部的 API 链接和 docs/api.md。",
        "en": "Answers come only from the paper 'Research on Sustainable Development Strategies of Rural E-Commerce "
        "from the Perspective of Rural Revitalization' (Pei, 2026) and documents you added. Every recommendation has a "
        "[n] marker: click it for the original passage, its English rendering and the reference the paper cites there. "
        "The advisor has no local statistics or policy lists; adapt its advice locally. For programmatic use see the "
        "API link at the bottom of the page and docs/api.md.",
    },
}

#: Example questions per tier, in both languages (one click asks them).
EXAMPLES: dict[Language, list[tuple[Tier, str]]] = {
    "zh": [
        ("west", "贵州雷山县的茶农怎么通过电商卖茶？"),
        ("west", "甘肃的县首先应该怎么解决上网问题？"),
        ("central", "河南兰考县物流怎么补强？"),
        ("central", "江西的合作社怎么做直播带货？"),
        ("east", "我在浙江遂昌办合作社，怎么打造品牌？"),
        ("east", "山东曹县的汉服企业怎么提质升级？"),
    ],
    "en": [
        ("west", "How can tea farmers in Leishan County, Guizhou sell tea online?"),
        ("west", "What should a county in Gansu do first about internet access?"),
        ("central", "How should Lankao County in Henan strengthen its logistics?"),
        ("central", "How can a co-op in Jiangxi start live-stream selling?"),
        ("east", "I run a co-op in Suichang, Zhejiang — how do we build our brand?"),
        ("east", "How can Hanfu makers in Cao County, Shandong upgrade quality?"),
    ],
}

#: Kinds of question (corpus/rules/lexicon.yaml `kinds`), logged as topics beside the dimensions.
KIND_TITLES: dict[str, dict[Language, str]] = {
    "statistics": {"zh": "统计数据", "en": "Statistics"},
    "theory": {"zh": "理论", "en": "Theory"},
    "problems": {"zh": "问题与短板", "en": "Problems"},
    "models": {"zh": "发展模式与案例", "en": "Models and cases"},
    "authorship": {"zh": "作者与出处", "en": "Authorship"},
    "references": {"zh": "参考文献", "en": "References"},
    "concept": {"zh": "概念", "en": "Concepts"},
    "mechanism": {"zh": "作用机制", "en": "Mechanisms"},
    "conclusion": {"zh": "结论", "en": "Conclusions"},
}

TIER_BADGE: dict[Tier, dict[Language, str]] = {
    "east": {"zh": "东部提质", "en": "East · upgrade quality"},
    "central": {"zh": "中部补强", "en": "Centre · strengthen weak links"},
    "west": {"zh": "西部保底", "en": "West · secure the basics"},
}

LANG_CHOICES: list[tuple[str, Language]] = [("中文", "zh"), ("English", "en")]


def t(key: str, lang: Language, **fmt: object) -> str:
    """The string `key` in `lang` (falls back to Chinese), formatted with `fmt`."""
    entry = STRINGS[key]
    text = entry.get(lang) or entry["zh"]
    return text.format(**fmt) if fmt else text


def norm_lang(value: object) -> Language:
    return "en" if str(value).lower().startswith("en") else "zh"
